import { describe, expect, it } from 'vitest';
import { StageState } from '../../src/live/stage-state.ts';
import type { Fix } from '../../src/live/types.ts';
import { seededRandom } from '../course/helpers.ts';
import { at, fix, straightCourse } from './live-helpers.ts';

describe('a synthetic race', () => {
  // 500 riders, a fix every 5 s for an hour (360,000 fixes) with ±5 m of GPS noise, standings every minute.
  // No timing assertion: it just has to finish well within the test timeout.
  it('runs 500 riders for an hour', () => {
    const c = straightCourse(60, [['sprint', 'sprint', 20_000]], 200);
    const random = seededRandom(28);
    const riders = Array.from({ length: 500 }, (_, i) => ({
      riderId: `r${i}`,
      speed: 9 + 3 * random(),
      offsetS: random() * 5,
    }));
    const state = new StageState(c.course, riders);
    state.start(at(0));
    const batch: Fix[] = [];
    let last = state.standings(at(0));
    for (let s = 5; s <= 3600; s += 5) {
      batch.length = 0;
      for (const r of riders) {
        const time = s - r.offsetS;
        const noise = (random() - 0.5) * 10;
        batch.push(fix(c, r.riderId, at(time), r.speed * time + noise, { north: (random() - 0.5) * 10 }));
      }
      batch.sort((a, b) => a.time - b.time);
      for (const f of batch) state.addFix(f);
      if (s % 60 === 0) last = state.standings(at(s));
    }
    expect(last.riders).toHaveLength(500);
    const fastest = riders.reduce((a, b) => (b.speed > a.speed ? b : a));
    expect(last.riders[0]!.riderId).toBe(fastest.riderId);
    expect(last.riders.every((r) => r.condition === 'racing' && r.crossings.length === 1)).toBe(true);
    expect(last.groups.length).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/dispatch.ts';
import { buildCourse } from '../src/model/course.ts';
import { planModelRace } from '../src/model/plan-race.ts';
import type { PlannedFix } from '../src/plan.ts';
import { createStats, type Sender } from '../src/senders/sender.ts';
import { eventTime, planTime, SAFETY_MARGIN_MS, wallTime } from '../src/time-plan.ts';
import { rolling, syntheticCourse } from './support/courses.ts';

const course = buildCourse({ points: syntheticCourse(12_000, rolling), lapCount: 1 });
const plan = planModelRace(course, 10, 3);

describe('the time plan', () => {
  it('stamps every fix before it is due, and catches up with the wall clock at the end', () => {
    for (const speedup of [1, 20, 137.5]) {
      const runStart = 1_750_000_000_123;
      const time = planTime(runStart, plan.durationMs, speedup);
      expect(time.simStart % 1000).toBe(0);
      expect(time.runEnd).toBeCloseTo(runStart + plan.durationMs / speedup, 6);
      let latest = 0;
      for (const fix of plan.fixes) {
        const stamped = eventTime(time, fix.t);
        expect(stamped).toBeLessThanOrEqual(wallTime(time, fix.sendT));
        expect(stamped).toBeLessThanOrEqual(time.runEnd);
        latest = Math.max(latest, stamped);
      }
      // The last fix is stamped just before the end of the run: simulated time ends at the wall clock.
      expect(time.runEnd - latest).toBeLessThanOrEqual(
        SAFETY_MARGIN_MS + 1000 + 5000 * (speedup > 1 ? 1 : 0),
      );
      expect(time.runEnd - latest).toBeGreaterThanOrEqual(SAFETY_MARGIN_MS - 1);
    }
  });

  it('refuses a speedup below 1', () => {
    expect(() => planTime(0, 1000, 0.5)).toThrow(RangeError);
  });

  it('never sends a fix stamped after the moment it is sent', async () => {
    const sent: Array<{ fix: PlannedFix; stamped: number; at: number }> = [];
    const time = planTime(Date.now(), plan.durationMs, 4000);
    const sender: Sender = {
      concurrency: 4,
      stats: createStats(),
      async send(_rider, fixes, t) {
        const at = Date.now();
        for (const fix of fixes) sent.push({ fix, stamped: eventTime(t, fix.t), at });
      },
    };
    const riders = plan.profiles.map((_, i) => ({ bib: i + 1, deviceId: null, deviceToken: null }));
    await dispatch(plan.fixes, riders, sender, time, { log: () => {}, tickMs: 20 });
    expect(sent).toHaveLength(plan.fixes.length);
    for (const s of sent) expect(s.stamped).toBeLessThanOrEqual(s.at);
    expect(Date.now()).toBeGreaterThanOrEqual(time.runEnd - 50);
  });

  it('stops when aborted', async () => {
    const time = planTime(Date.now(), plan.durationMs, 2);
    const sender: Sender = { concurrency: 1, stats: createStats(), send: async () => {} };
    const riders = plan.profiles.map((_, i) => ({ bib: i + 1, deviceId: null, deviceToken: null }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(
      dispatch(plan.fixes, riders, sender, time, { log: () => {}, signal: controller.signal }),
    ).rejects.toThrow('stop');
  });
});

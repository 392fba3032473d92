import { describe, expect, it } from 'vitest';
import { StageState } from '../../src/live/stage-state.ts';
import { type TimeTrialStandings, timeTrialStandings } from '../../src/live/time-trial.ts';
import type { Fix } from '../../src/live/types.ts';
import { at, fix, straightCourse, T0 } from './live-helpers.ts';

// A 20 km time trial, 60 riders starting a minute apart. Each rider holds their own pace; each phone
// reports on its own rhythm (every 1–5 s, at its own phase) from two minutes before its rider's start to
// half a minute after the finish. Positions are exact so the timing error is the method's own.
const LENGTH = 20_000;
const POINTS: Array<[string, number]> = [
  ['t5', 5000],
  ['t10', 10_000],
  ['t15', 15_000],
  ['finish', LENGTH],
];
const RIDERS = 60;
// Finish times 1,500 s + 2 s × a shuffle of 0..59: no two riders within 2 s at the finish (0.5 s at km 5).
const place = (k: number) => (k * 37) % RIDERS;
const riders = Array.from({ length: RIDERS }, (_, k) => {
  const finishS = 1500 + 2 * place(k);
  return {
    id: `r${String(k).padStart(2, '0')}`,
    startS: 60 * k,
    speed: LENGTH / finishS,
    everyS: 1 + ((k * 7) % 5),
    phaseS: (k * 0.37) % 1,
  };
});
type Rider = (typeof riders)[number];
const course = straightCourse(20, [
  ['t5', 'timing', 5000],
  ['t10', 'timing', 10_000],
  ['t15', 'timing', 15_000],
]);
const distanceAt = (r: Rider, s: number) => Math.min(LENGTH + 500, Math.max(0, r.speed * (s - r.startS)));
const lastS = riders.at(-1)!.startS + 1500 + 2 * RIDERS + 30;

function phoneFixes(): Fix[] {
  const out: Fix[] = [];
  for (const r of riders) {
    const end = r.startS + LENGTH / r.speed + 30;
    for (let s = r.startS - 120 + r.phaseS; s <= end; s += r.everyS)
      out.push(fix(course, r.id, at(s), distanceAt(r, s)));
  }
  return out.sort((a, b) => a.time - b.time);
}

/** The truth, as of each rider's last fix (nothing later can be known): point passed, elapsed there. */
function truthOrder(lastFix: Map<string, number>, nowS: number): string[] {
  const keyed = riders.map((r) => {
    const seen = lastFix.get(r.id);
    const d = seen === undefined ? 0 : distanceAt(r, (seen - T0) / 1000);
    let last = -1;
    POINTS.forEach(([, pd], j) => {
      if (d >= pd) last = j;
    });
    const phase = last === POINTS.length - 1 ? 0 : nowS >= r.startS ? 1 : 2;
    return { id: r.id, phase, last, elapsed: last >= 0 ? POINTS[last]![1] / r.speed : 0, start: r.startS };
  });
  keyed.sort(
    (a, b) =>
      a.phase - b.phase || (a.phase < 2 ? b.last - a.last || a.elapsed - b.elapsed : 0) || a.start - b.start,
  );
  return keyed.map((k) => k.id);
}

function run(passings?: Map<string, Map<string, number>>) {
  const state = new StageState(
    course.course,
    riders.map((r) => ({ riderId: r.id })),
  );
  state.start(at(0));
  const entries = riders.map((r) => ({ riderId: r.id, scheduledStart: at(r.startS) }));
  const fixes = phoneFixes();
  const lastFix = new Map<string, number>();
  const ticks: Array<{
    nowS: number;
    live: TimeTrialStandings;
    truth: string[];
    distance: Map<string, number>;
  }> = [];
  let next = 0;
  for (let nowS = -100; nowS <= lastS; nowS += 7) {
    while (next < fixes.length && fixes[next]!.time <= at(nowS)) {
      const f = fixes[next++]!;
      state.addFix(f);
      lastFix.set(f.riderId, f.time);
    }
    const standings = state.standings(at(nowS));
    const live = timeTrialStandings(
      at(nowS),
      entries,
      standings.riders,
      course.course.checkpoints,
      state,
      passings,
    );
    const distance = new Map(standings.riders.map((r) => [r.riderId, r.distance as number]));
    ticks.push({ nowS, live, truth: truthOrder(lastFix, nowS), distance });
  }
  return ticks;
}

const truthElapsed = (riderId: string, pointId: string) => {
  const r = riders.find((x) => x.id === riderId)!;
  return POINTS.find(([id]) => id === pointId)![1] / r.speed;
};

describe('live time trial: 60 riders a minute apart', () => {
  const ticks = run();

  it('orders the standings at every tick by elapsed time at the last timing point passed, as the truth does', () => {
    expect(ticks.length).toBeGreaterThan(600);
    for (const { nowS, live, truth } of ticks) {
      expect({ nowS, order: live.riders.map((r) => r.riderId) }).toEqual({ nowS, order: truth });
    }
    const end = ticks.at(-1)!.live;
    expect(end.riders.every((r) => r.phase === 'finished')).toBe(true);
    expect(end.riders[0]!.riderId).toBe(riders.find((_, k) => place(k) === 0)!.id);
  });

  it('fills every split table with times within 0.1 s of the truth, ranks and gaps to the best', () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const { nowS, live } of ticks) {
      for (const table of live.splits) {
        const best = Math.min(...table.rows.map((row) => truthElapsed(row.riderId, table.checkpointId)));
        table.rows.forEach((row, i) => {
          const truth = truthElapsed(row.riderId, table.checkpointId);
          const fine =
            Math.abs(row.elapsed - truth) < 0.1 &&
            row.rank === i + 1 &&
            Math.abs(row.gap - (truth - best)) < 0.1 &&
            !row.exact;
          if (!fine) wrong.push(`${nowS} s ${table.checkpointId} ${row.riderId}: ${row.elapsed} vs ${truth}`);
          checked++;
        });
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
    expect(ticks.at(-1)!.live.splits.map((s) => s.rows.length)).toEqual([60, 60, 60, 60]);
  });

  it('seats the fastest finisher so far in the hot seat, from the first finish on', () => {
    const firstFinish = riders[0]!.startS + 1500 + 2 * place(0);
    for (const { nowS, live } of ticks) {
      const finished = live.riders.filter((r) => r.phase === 'finished');
      if (nowS < firstFinish) expect(live.hotSeat).toBeNull();
      if (finished.length === 0) continue;
      const fastest = finished.reduce((a, b) =>
        truthElapsed(b.riderId, 'finish') < truthElapsed(a.riderId, 'finish') ? b : a,
      );
      expect(live.hotSeat?.riderId).toBe(fastest.riderId);
      expect(Math.abs(live.hotSeat!.elapsed - truthElapsed(fastest.riderId, 'finish'))).toBeLessThan(0.1);
    }
  });

  it('gives riders between points their gap to the reference at the same distance, from GPS', () => {
    // Mid-race, the riders on the course have a virtual gap matching the truth at their distance.
    const mid = ticks.find((t) => t.nowS >= 2400)!;
    const ref = riders.find((r) => r.id === mid.live.hotSeat!.riderId)!;
    let checked = 0;
    for (const row of mid.live.riders) {
      if (row.phase !== 'on_course') continue;
      const r = riders.find((x) => x.id === row.riderId)!;
      const d = mid.distance.get(row.riderId)!;
      if (d < 100) continue;
      // Both riders' elapsed times at the distance this rider has reached.
      expect(Math.abs(row.virtualGap! - (d / r.speed - d / ref.speed))).toBeLessThan(0.1);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('makes a split exact where a timing system read the passing', () => {
    const passings = new Map(
      riders.map((r) => [
        r.id,
        new Map([
          ['t10', T0 + r.startS * 1000 + Math.round(truthElapsed(r.id, 't10') * 1000)],
          ['finish', T0 + r.startS * 1000 + Math.round(truthElapsed(r.id, 'finish') * 1000)],
        ]),
      ]),
    );
    const timed = run(passings);
    const end = timed.at(-1)!.live;
    for (const table of end.splits) {
      for (const row of table.rows) {
        const exact = table.checkpointId === 't10' || table.checkpointId === 'finish';
        expect(row.exact).toBe(exact);
        if (exact) {
          expect(row.elapsed).toBe(Math.round(truthElapsed(row.riderId, table.checkpointId) * 1000) / 1000);
        }
      }
    }
    expect(end.riders.every((r) => r.exact && r.pointId === 'finish')).toBe(true);
  });
});

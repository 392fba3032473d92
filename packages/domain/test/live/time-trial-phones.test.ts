import { describe, expect, it } from 'vitest';
import { StageState } from '../../src/live/stage-state.ts';
import { type TimeTrialStandings, timeTrialStandings } from '../../src/live/time-trial.ts';
import { at, straightCourse, T0 } from './live-helpers.ts';
import { arrivalOrder, phone, random } from './phones.ts';

// The "done when" for time trials, with race-day phones: 60 riders starting a minute apart over
// 20 km, each phone on its own phase and interval (1–10 s), 3–15 m of noise in any direction, a dropout of
// 10–60 s. Riders hold their own pace, 2 s apart at the finish (0.5 s at km 5). (time-trial.test.ts runs
// the same field with exact positions: the method's own error.)
//
// What GPS can promise here: a split is interpolated between the two fixes either side of the line, so it
// is off by the along-course error of those fixes over the rider's speed — up to 15 m / 13 m/s ≈ 1 s. On
// this field the median error is 0.1 s and none reaches 1 s, and no two riders at the same point are ever
// shown the wrong way round; riders closer than the error could be in general, until a timing system's
// passings are imported, which make them exact.
const GPS_SPLIT_MAX_S = 1;
const LENGTH = 20_000;
const POINTS: Array<[string, number]> = [
  ['t5', 5000],
  ['t10', 10_000],
  ['t15', 15_000],
  ['finish', LENGTH],
];
const RIDERS = 60;
const place = (k: number) => (k * 37) % RIDERS;
const riders = Array.from({ length: RIDERS }, (_, k) => ({
  id: `r${String(k).padStart(2, '0')}`,
  startS: 60 * k,
  speed: LENGTH / (1500 + 2 * place(k)),
}));
type Rider = (typeof riders)[number];
const course = straightCourse(20, [
  ['t5', 'timing', 5000],
  ['t10', 'timing', 10_000],
  ['t15', 'timing', 15_000],
]);
const distanceAt = (r: Rider, s: number) => Math.min(LENGTH + 300, Math.max(0, r.speed * (s - r.startS)));
const truthElapsed = (riderId: string, pointId: string) =>
  POINTS.find(([id]) => id === pointId)![1] / riders.find((x) => x.id === riderId)!.speed;

/**
 * The race, ticked every 3 s. `read` are a timing system's passings at some points; each becomes known
 * `importLagS` after it happened, as an import would bring it.
 */
function run(read?: Map<string, Map<string, number>>, importLagS = 5) {
  const rnd = random(601);
  const queue = arrivalOrder(
    ...riders.map((r) => {
      const gap = r.startS + 100 + rnd() * 1300;
      return phone(
        course,
        { riderId: r.id, distanceAt: (s) => distanceAt(r, s), from: r.startS - 90, to: r.startS + 1650 },
        rnd,
        { dropouts: [[gap, gap + 10 + rnd() * 50]] },
      );
    }),
  );
  const state = new StageState(
    course.course,
    riders.map((r) => ({ riderId: r.id })),
  );
  state.start(at(0));
  const entries = riders.map((r) => ({ riderId: r.id, scheduledStart: at(r.startS) }));
  const ticks: Array<{
    nowS: number;
    live: TimeTrialStandings;
    heard: Map<string, number>;
    /** Per rider: the distance the standings have them at. */
    distance: Map<string, number>;
  }> = [];
  const heard = new Map<string, number>();
  let next = 0;
  for (let nowS = -60; nowS <= 60 * RIDERS + 1700; nowS += 3) {
    while (next < queue.length && queue[next]!.arrives <= nowS) {
      const { fix } = queue[next++]!;
      state.addFix(fix);
      heard.set(fix.riderId, Math.max(heard.get(fix.riderId) ?? 0, fix.time));
    }
    const known = new Map<string, Map<string, number>>();
    for (const [riderId, points] of read ?? []) {
      const now = new Map([...points].filter(([, time]) => time + importLagS * 1000 <= at(nowS)));
      if (now.size > 0) known.set(riderId, now);
    }
    const standings = state.standings(at(nowS));
    ticks.push({
      nowS,
      live: timeTrialStandings(at(nowS), entries, standings.riders, course.course.checkpoints, state, known),
      heard: new Map(heard),
      distance: new Map(standings.riders.map((r) => [r.riderId, r.distance as number])),
    });
  }
  return ticks;
}

type Row = TimeTrialStandings['riders'][number];

/** Pairs the live order puts the wrong way round though their true times at their point differ by > tolerance. */
function misordered(riderRows: readonly Row[], tolerance: number): string[] {
  const wrong: string[] = [];
  const ranked = riderRows.filter((r) => r.rank !== null && r.pointId !== null);
  for (let a = 0; a < ranked.length; a++) {
    for (let b = a + 1; b < ranked.length; b++) {
      const x = ranked[a]!;
      const y = ranked[b]!;
      if (x.pointId !== y.pointId || (x.phase === 'finished') !== (y.phase === 'finished')) continue;
      const tx = truthElapsed(x.riderId, x.pointId!);
      const ty = truthElapsed(y.riderId, y.pointId!);
      if (tx > ty + tolerance)
        wrong.push(`${x.riderId} (${tx.toFixed(2)}) before ${y.riderId} (${ty.toFixed(2)})`);
    }
  }
  return wrong;
}

describe('live time trial with race-day phones: 60 riders a minute apart', () => {
  const ticks = run();

  it('times every GPS split within a second of the truth, most within a tenth', () => {
    const errors: number[] = [];
    const wrong: string[] = [];
    for (const { nowS, live } of ticks) {
      for (const table of live.splits) {
        for (const row of table.rows) {
          const error = Math.abs(row.elapsed - truthElapsed(row.riderId, table.checkpointId));
          errors.push(error);
          if (error >= GPS_SPLIT_MAX_S || row.exact)
            wrong.push(`${nowS} s ${table.checkpointId} ${row.riderId}: ${error}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    errors.sort((a, b) => a - b);
    expect(errors.length).toBeGreaterThan(100_000);
    expect(errors[Math.floor(errors.length / 2)]!).toBeLessThan(0.15);
    expect(ticks.at(-1)!.live.splits.map((s) => s.rows.length)).toEqual([60, 60, 60, 60]);
  });

  it('ranks at every tick by the last point passed, then by the time there, in the true order', () => {
    for (const { nowS, live, heard } of ticks) {
      // Finished riders first, then riders on the course by the furthest point passed, then the rest.
      const order = live.riders.map(
        (r) => [r.phase === 'finished' ? 0 : r.phase === 'on_course' ? 1 : 2, r.pointId] as const,
      );
      const furthest = (id: string | null) => POINTS.findIndex(([p]) => p === id);
      for (let k = 1; k < order.length; k++) {
        const [pa, a] = order[k - 1]!;
        const [pb, b] = order[k]!;
        expect({
          nowS,
          k,
          fine: pa < pb || (pa === pb && (pa === 2 || furthest(a) >= furthest(b))),
        }).toEqual({ nowS, k, fine: true });
      }
      expect({ nowS, wrong: misordered(live.riders, 0) }).toEqual({ nowS, wrong: [] });
      // The last point is one the rider truly reached by their last fix heard (a 15 m fix may run ahead).
      for (const r of live.riders) {
        if (r.pointId === null) continue;
        const rider = riders.find((x) => x.id === r.riderId)!;
        const truly = distanceAt(rider, (heard.get(r.riderId)! - T0) / 1000);
        const x = POINTS.find(([id]) => id === r.pointId)![1];
        expect({ nowS, rider: r.riderId, reached: truly + 20 >= x }).toEqual({
          nowS,
          rider: r.riderId,
          reached: true,
        });
      }
    }
    const end = ticks.at(-1)!.live;
    expect(end.riders.every((r) => r.phase === 'finished')).toBe(true);
    expect(end.riders[0]!.riderId).toBe(riders.find((_, k) => place(k) === 0)!.id);
  });

  it('gives every rider on the road a gap to the hot seat at the same distance, within two seconds', () => {
    const wrong: string[] = [];
    const errors: number[] = [];
    for (const { nowS, live, distance } of ticks) {
      if (!live.hotSeat) continue;
      const seat = riders.find((x) => x.id === live.hotSeat!.riderId)!;
      for (const r of live.riders) {
        const d = distance.get(r.riderId)!;
        // A few fixes in, each rider's trail reaches past the first metres: its own time is known there.
        if (r.phase !== 'on_course' || d < 100) continue;
        const rider = riders.find((x) => x.id === r.riderId)!;
        // Riding at constant speeds, the true gap where the standings have the rider.
        const truth = d / rider.speed - d / seat.speed;
        if (r.virtualGap === null) {
          wrong.push(`${nowS} s ${r.riderId}: none vs ${truth.toFixed(2)}`);
          continue;
        }
        errors.push(Math.abs(r.virtualGap - truth));
        if (Math.abs(r.virtualGap - truth) >= 2)
          wrong.push(`${nowS} s ${r.riderId}: ${r.virtualGap.toFixed(2)} vs ${truth.toFixed(2)}`);
      }
    }
    expect(wrong).toEqual([]);
    errors.sort((a, b) => a - b);
    expect(errors.length).toBeGreaterThan(20_000);
    // One phone's trail, 3–15 m of noise: measured 0.19 s at the median, 0.68 s at the 95th percentile.
    expect(errors[Math.floor(errors.length / 2)]!).toBeLessThan(0.3);
    expect(errors[Math.floor(errors.length * 0.95)]!).toBeLessThan(1);
  });

  it('is exact, and in the true order at every tick, once a timing system’s passings are imported', () => {
    const read = new Map(
      riders.map((r) => [
        r.id,
        new Map(POINTS.map(([id]) => [id, T0 + r.startS * 1000 + Math.round(truthElapsed(r.id, id) * 1000)])),
      ]),
    );
    const timed = run(read);
    for (const { nowS, live } of timed) {
      // Riders whose last point is a passing: to the millisecond, so strictly in the true order.
      const exact = live.riders.filter((r) => r.exact);
      expect({ nowS, wrong: misordered(exact, 0) }).toEqual({ nowS, wrong: [] });
      for (const r of exact) {
        expect(r.elapsed).toBe(Math.round(truthElapsed(r.riderId, r.pointId!) * 1000) / 1000);
      }
    }
    const end = timed.at(-1)!.live;
    expect(end.riders.every((r) => r.exact && r.pointId === 'finish')).toBe(true);
    const truthOrder = riders.slice().sort((a, b) => place(riders.indexOf(a)) - place(riders.indexOf(b)));
    expect(end.riders.map((r) => r.riderId)).toEqual(truthOrder.map((r) => r.id));
    for (const table of end.splits) {
      for (const row of table.rows)
        expect(row.elapsed).toBe(Math.round(truthElapsed(row.riderId, table.checkpointId) * 1000) / 1000);
    }
  });
});

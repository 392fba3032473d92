import { describe, expect, it } from 'vitest';
import { interpolateCrossing } from '../../src/live/crossings.ts';
import { lapShift } from '../../src/live/laps.ts';
import { StageState } from '../../src/live/stage-state.ts';
import { at, fix, ride, squareCircuit, straightCourse, T0 } from './live-helpers.ts';

const crossingOf = (state: StageState, now: number, riderId: string, checkpointId: string) =>
  state
    .standings(at(now))
    .riders.find((r) => r.riderId === riderId)!
    .crossings.find((c) => c.checkpointId === checkpointId)?.time;

describe('GPS line crossings (scenario 27)', () => {
  it('interpolates on distance between the straddling fixes', () => {
    expect(interpolateCrossing(100, -40, 105, 15, 0)).toBeCloseTo(103.636, 3);
  });

  it('crosses an intermediate line at 103.636 s, to the millisecond', () => {
    const c = straightCourse(5, [['sprint', 'sprint', 1000]]);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    expect(state.addFix(fix(c, 'a', at(100), 960))).toBe('accepted');
    expect(crossingOf(state, 101, 'a', 'sprint')).toBeUndefined();
    state.addFix(fix(c, 'a', at(105), 1015));
    const time = crossingOf(state, 106, 'a', 'sprint')!;
    expect(Math.abs(time - (T0 + 103_636.36))).toBeLessThan(1);
  });

  it('times the finish the same way, even when the fix past the line lies beyond the end of the course', () => {
    const c = straightCourse(2);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    state.addFix(fix(c, 'a', at(100), c.course.length - 40));
    state.addFix(fix(c, 'a', at(105), c.course.length + 15));
    const a = state.standings(at(106)).riders[0]!;
    expect(a.condition).toBe('finished');
    expect(Math.abs(a.finishTime! - (T0 + 103_636.36))).toBeLessThan(1);
    expect(Math.abs(a.crossings.find((x) => x.checkpointId === 'finish')!.time - a.finishTime!)).toBe(0);
    expect(a.distance).toBe(c.course.length);
    // No more distance updates after the finish.
    state.addFix(fix(c, 'a', at(200), 500));
    expect(state.standings(at(201)).riders[0]!.distance).toBe(c.course.length);
  });

  it('interpolates across a gap the stage allows when the first fix after it is already past the line', () => {
    const c = straightCourse(10, [['cp', 'timing', 2000]]);
    const state = new StageState(c.course, [{ riderId: 'a' }], { maxCrossingGapMs: 600_000 });
    state.start(at(0));
    state.addFix(fix(c, 'a', at(100), 960));
    state.addFix(fix(c, 'a', at(400), 3960));
    expect(crossingOf(state, 401, 'a', 'cp')! - T0).toBeCloseTo(204_000, 0);
  });

  it('ignores fixes before the start for distance and crossings', () => {
    const c = straightCourse(5, [['sprint', 'sprint', 1000]]);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.addFix(fix(c, 'a', at(-60), 1500));
    state.start(at(0));
    const before = state.standings(at(1)).riders[0]!;
    expect(before.distance).toBe(0);
    expect(before.crossings).toEqual([]);
    expect(before.lat).not.toBeNull();
  });
});

describe('late fixes and offline bursts', () => {
  it('marks fixes at or before the last processed one late and leaves the state alone', () => {
    const c = straightCourse(10, [['cp', 'timing', 3000]]);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    for (const f of ride(c, 'a', 5, 200, 5, (s) => 10 * s)) expect(state.addFix(f)).toBe('accepted');
    const before = state.standings(at(201)).riders[0]!;
    expect(state.addFix(fix(c, 'a', at(150), 9000))).toBe('late');
    expect(state.addFix(fix(c, 'a', at(200), 9000))).toBe('late');
    expect(state.addFix(fix(c, 'x', at(300), 9000))).toBe('unknown_rider');
    expect(state.standings(at(201)).riders[0]).toEqual(before);
    expect(before.distance).toBeCloseTo(2000, 3);
  });

  it('processes an offline burst that arrives after reconnection, in order, with its crossings', () => {
    const c = straightCourse(10, [['cp', 'timing', 3000]]);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    for (const f of ride(c, 'a', 5, 100, 5, (s) => 10 * s)) state.addFix(f);
    // Nothing for 300 s, then the phone replays its buffer, sorted by the caller. The rider rode at 10 m/s
    // until 250 s and 12 m/s after: the crossing at 3000 m lies between the burst's fixes at 295 and 300 s.
    const distanceAt = (s: number) => (s <= 250 ? 10 * s : 2500 + 12 * (s - 250));
    const burst = ride(c, 'a', 105, 400, 5, distanceAt);
    for (const f of burst) expect(state.addFix(f)).toBe('accepted');
    const a = state.standings(at(400)).riders[0]!;
    expect(a.distance).toBeCloseTo(distanceAt(400), 3);
    const expected = 250 + 500 / 12;
    expect(a.crossings.find((x) => x.checkpointId === 'cp')!.time - T0).toBeCloseTo(expected * 1000, 0);
  });
});

describe('laps on a circuit', () => {
  it('counts laps and crosses a checkpoint that lies in every lap once per lap', () => {
    const c = squareCircuit(600, 3);
    const lap = c.course.lapLength;
    c.course.checkpoints.push(
      ...[0, 1, 2].map((k) => ({
        id: `sprint-${k + 1}`,
        kind: 'sprint' as const,
        name: 'Sprint',
        distance: (k * lap + 1000) as typeof lap,
      })),
    );
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    const v = 10;
    const laps: number[] = [];
    for (const f of ride(c, 'a', 4, 800, 4, (s) => v * s)) {
      state.addFix(f);
      const s = (f.time - T0) / 1000;
      if (s % 100 === 0) laps.push(state.standings(f.time).riders[0]!.lap);
    }
    // ~2,400 m per lap at 10 m/s: lap 1 done at ~240 s, lap 2 at ~480 s, finished at ~720 s.
    expect(laps).toEqual([0, 0, 1, 1, 2, 2, 2, 3]);
    const a = state.standings(at(801)).riders[0]!;
    expect(a.condition).toBe('finished');
    expect(a.lap).toBe(3);
    expect((a.finishTime! - T0) / 1000).toBeCloseTo((3 * lap) / v, 1);
    for (let k = 0; k < 3; k++) {
      const time = a.crossings.find((x) => x.checkpointId === `sprint-${k + 1}`)!.time;
      expect((time - T0) / 1000).toBeCloseTo((k * lap + 1000) / v, 1);
    }
    expect(a.crossings.map((x) => x.checkpointId)).toEqual(['sprint-1', 'sprint-2', 'sprint-3', 'finish']);
  });
});

describe('lapShift', () => {
  it('reads a drop of more than half a lap as a new lap, and a long advance after a gap as progress', () => {
    expect(lapShift(-2350, 2400, 210, 50)).toBe(1);
    expect(lapShift(2395, 2400, 210, 0)).toBe(-1); // a few metres back over the line
    expect(lapShift(50, 2400, 210, 50)).toBe(0);
    expect(lapShift(1960, 2000, 6000, 1960)).toBe(0);
    expect(lapShift(-40, 2000, 6000, 1960)).toBe(1);
    // Silent for laps: as many laps as the rider's speed over the silence says, not one at most.
    expect(lapShift(-40, 2000, 12_000, 3960)).toBe(2);
    expect(lapShift(100, 1000, 8160, 3150)).toBe(3);
  });
});

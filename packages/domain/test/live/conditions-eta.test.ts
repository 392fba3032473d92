import { describe, expect, it } from 'vitest';
import { StageState } from '../../src/live/stage-state.ts';
import { at, fix, ride, straightCourse } from './live-helpers.ts';

const rider = (state: StageState, now: number, id = 'a') =>
  state.standings(at(now)).riders.find((r) => r.riderId === id)!;

describe('rider conditions', () => {
  it('is not started before the start, and after it for a rider never seen', () => {
    const c = straightCourse(20);
    const state = new StageState(c.course, [{ riderId: 'a' }, { riderId: 'ghost' }]);
    state.addFix(fix(c, 'a', at(-30), 0, { battery: 80 }));
    expect(rider(state, -10).condition).toBe('not_started');
    expect(rider(state, -10).battery).toBe(80);
    expect(state.phase).toBe('pending');
    state.start(at(0));
    state.addFix(fix(c, 'a', at(5), 50));
    expect(rider(state, 6).condition).toBe('racing');
    expect(rider(state, 6, 'ghost').condition).toBe('not_started');
    expect(rider(state, 6, 'ghost').gap).toBeNull();
  });

  it('loses the signal after signalLostAfterMs without a fix', () => {
    const c = straightCourse(20);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    for (const f of ride(c, 'a', 5, 100, 5, (s) => 10 * s)) state.addFix(f);
    expect(rider(state, 160).condition).toBe('racing');
    expect(rider(state, 161).condition).toBe('signal_lost');
    expect(rider(state, 161).eta).toBeNull();
  });

  it('is off course after offCourseAfterMs away from the line, keeps its distance, and continues on return', () => {
    const c = straightCourse(20);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    for (const f of ride(c, 'a', 5, 100, 5, (s) => 10 * s)) state.addFix(f);
    for (let s = 105; s <= 150; s += 5) state.addFix(fix(c, 'a', at(s), 10 * s, { north: 200 }));
    expect(rider(state, 134).condition).toBe('racing');
    expect(rider(state, 135).condition).toBe('off_course');
    expect(rider(state, 150).distance).toBeCloseTo(1000, 3);
    state.addFix(fix(c, 'a', at(160), 1600));
    expect(rider(state, 161).condition).toBe('racing');
    expect(rider(state, 161).distance).toBeCloseTo(1600, 3);
  });

  it('is stopped after stoppedAfterMs below stoppedSpeed, with no ETA', () => {
    const c = straightCourse(20);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    for (const f of ride(c, 'a', 5, 300, 5, (s) => Math.min(10 * s, 1000))) state.addFix(f);
    expect(rider(state, 150).condition).toBe('racing');
    const stopped = rider(state, 300);
    expect(stopped.condition).toBe('stopped');
    expect(stopped.speed).toBe(0);
    expect(stopped.eta).toBeNull();
    // Riding again: racing at once.
    state.addFix(fix(c, 'a', at(305), 1060));
    state.addFix(fix(c, 'a', at(310), 1120));
    expect(rider(state, 310).condition).toBe('racing');
  });

  it('is finished or dnf by decision, DNF taking precedence', () => {
    const c = straightCourse(1);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    for (const f of ride(c, 'a', 5, 110, 5, (s) => 10 * s)) state.addFix(f);
    expect(rider(state, 111).condition).toBe('finished');
    expect(rider(state, 111).eta).toBeNull();
    expect(rider(state, 111).nextCheckpoint).toBeNull();
    state.setDnf('a', at(112));
    expect(rider(state, 113).condition).toBe('dnf');
  });
});

describe('ETA', () => {
  function rolling() {
    const c = straightCourse(10, [['cp', 'feed_zone', 6000]]);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    for (const f of ride(c, 'a', 5, 500, 5, (s) => 10 * s)) state.addFix(f);
    return { c, state };
  }

  it('is the position time plus remaining distance over recent speed, to the finish and the next checkpoint', () => {
    const { state } = rolling();
    const a = rider(state, 502);
    expect(a.speed).toBeCloseTo(10, 3);
    expect(a.distanceToGo).toBeCloseTo(5000, 3);
    expect(a.eta! - at(0)).toBeCloseTo(1_000_000, -1);
    expect(a.nextCheckpoint!.id).toBe('cp');
    expect(a.nextCheckpoint!.eta! - at(0)).toBeCloseTo(600_000, -1);
  });

  it('keeps the speed from the moment of neutralisation while neutralised', () => {
    const { c, state } = rolling();
    state.neutralise(at(500));
    expect(state.phase).toBe('neutralised');
    for (const f of ride(c, 'a', 505, 600, 5, (s) => 5000 + 2 * (s - 500))) state.addFix(f);
    const frozen = rider(state, 601);
    expect(frozen.eta! - at(0)).toBeCloseTo((600 + 4800 / 10) * 1000, -1);
    state.resume(at(601));
    expect(state.phase).toBe('racing');
    expect(state.neutralisedPeriods).toEqual([{ from: at(500), to: at(601) }]);
    const live = rider(state, 601);
    expect(live.eta! - at(0)).toBeCloseTo((600 + 4800 / 2) * 1000, -1);
  });
});

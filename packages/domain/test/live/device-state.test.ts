import { describe, expect, it } from 'vitest';
import { StageState } from '../../src/live/stage-state.ts';
import { at, fix, straightCourse } from './live-helpers.ts';

const rider = (state: StageState, now: number, id = 'a') =>
  state.standings(at(now)).riders.find((r) => r.riderId === id)!;

describe('device state beside the race: accuracy and SOS', () => {
  it('reports the accuracy of the last fix, none before any fix or when the fix had none', () => {
    const c = straightCourse(20);
    const state = new StageState(c.course, [{ riderId: 'a' }, { riderId: 'b' }]);
    state.start(at(0));
    expect(rider(state, 1).accuracy).toBeNull();
    state.addFix(fix(c, 'a', at(5), 50, { accuracy: 12.5 }));
    expect(rider(state, 6).accuracy).toBe(12.5);
    state.addFix(fix(c, 'a', at(10), 100, { accuracy: null }));
    expect(rider(state, 11).accuracy).toBeNull();
    // A late fix changes nothing, its accuracy included.
    state.addFix(fix(c, 'a', at(8), 80, { accuracy: 40 }));
    expect(rider(state, 11).accuracy).toBeNull();
    expect(rider(state, 11, 'b').accuracy).toBeNull();
  });

  it('keeps the time of the latest SOS fix, without changing the condition or the ranking', () => {
    const c = straightCourse(20);
    const state = new StageState(c.course, [{ riderId: 'a' }, { riderId: 'b' }]);
    state.start(at(0));
    state.addFix(fix(c, 'a', at(5), 50));
    state.addFix(fix(c, 'b', at(5), 40));
    expect(rider(state, 6).sosAt).toBeNull();
    state.addFix(fix(c, 'b', at(10), 90, { sos: true }));
    const b = rider(state, 11, 'b');
    expect(b.sosAt).toBe(at(10));
    expect(b.condition).toBe('racing');
    expect(rider(state, 11, 'a').sosAt).toBeNull();
    // Ordinary fixes afterwards keep it; a later SOS replaces it.
    state.addFix(fix(c, 'b', at(15), 140));
    expect(rider(state, 16, 'b').sosAt).toBe(at(10));
    state.addFix(fix(c, 'b', at(20), 190, { sos: true }));
    expect(rider(state, 21, 'b').sosAt).toBe(at(20));
  });

  it('counts an SOS that arrives late, but never moves the SOS time back', () => {
    const c = straightCourse(20);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.start(at(0));
    state.addFix(fix(c, 'a', at(30), 300));
    expect(state.addFix(fix(c, 'a', at(20), 200, { sos: true }))).toBe('late');
    expect(rider(state, 31).sosAt).toBe(at(20));
    expect(rider(state, 31).distance).toBeCloseTo(300, 0);
    state.addFix(fix(c, 'a', at(40), 400, { sos: true }));
    state.addFix(fix(c, 'a', at(25), 250, { sos: true }));
    expect(rider(state, 41).sosAt).toBe(at(40));
  });

  it('takes an SOS before the start and after the finish', () => {
    const c = straightCourse(1);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    state.addFix(fix(c, 'a', at(-60), 0, { sos: true }));
    expect(rider(state, -59).sosAt).toBe(at(-60));
    state.start(at(0));
    state.addFix(fix(c, 'a', at(100), 1000));
    state.addFix(fix(c, 'a', at(200), 1100, { sos: true }));
    const a = rider(state, 201);
    expect(a.condition).toBe('finished');
    expect(a.sosAt).toBe(at(200));
  });
});

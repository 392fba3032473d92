// A rider's track saved as JSON and restored must go on exactly as the uninterrupted one: the results keep
// one per rider while a stage runs and feed it only the fixes since, so any drift would change a result.
import { describe, expect, it } from 'vitest';
import { StageState } from '../../src/live/stage-state.ts';
import type { Fix } from '../../src/live/types.ts';
import { at, squareCircuit, straightCourse, type TestCourse } from './live-helpers.ts';
import { phone, random } from './phones.ts';

/**
 * Every rider's whole track after the fixes (crossings, reviews, finish, distance, speeds, filter) but
 * when its trail's head began its plateau: a restored trail starts from its head, so it may date that
 * differently, which only the trail's own shape (gaps) sees.
 */
function outcome(state: StageState, riders: readonly string[]) {
  return riders.map((id) => {
    const s = state.riderSnapshot(id)!;
    return { ...s, trail: s.trail && { time: s.trail.time, distance: s.trail.distance } };
  });
}

/** Feeds the fixes, saving every rider through JSON and restoring it into a new state at each cut. */
function fedInPieces(c: TestCourse, riders: readonly string[], fixes: readonly Fix[], cuts: number[]) {
  let state = new StageState(
    c.course,
    riders.map((riderId) => ({ riderId })),
  );
  state.start(at(0));
  let k = 0;
  for (const cut of [...cuts, Number.POSITIVE_INFINITY]) {
    for (; k < fixes.length && fixes[k]!.time <= at(cut); k++) state.addFix(fixes[k]!);
    const saved = riders.map((id) => JSON.parse(JSON.stringify(state.riderSnapshot(id))));
    state = new StageState(
      c.course,
      riders.map((riderId) => ({ riderId })),
    );
    state.start(at(0));
    for (const s of saved) expect(state.restoreRider(s)).toBe(true);
  }
  return state;
}

function whole(c: TestCourse, riders: readonly string[], fixes: readonly Fix[]) {
  const state = new StageState(
    c.course,
    riders.map((riderId) => ({ riderId })),
  );
  state.start(at(0));
  for (const f of fixes) state.addFix(f);
  return state;
}

describe('a rider track saved and restored', () => {
  it('gives the same crossings, reviews and finish as one uninterrupted pass, on a road stage', () => {
    const c = straightCourse(30, [
      ['sprint', 'sprint', 9_000],
      ['kom', 'climb', 18_500],
    ]);
    const rnd = random(16);
    const riders = ['a', 'b', 'c', 'd', 'e', 'f'];
    const fixes = riders
      .flatMap((id, i) =>
        phone(
          c,
          { riderId: id, distanceAt: (s) => Math.max(0, s - 30) * (11 + i * 0.4), from: -60, to: 3_000 },
          rnd,
          // One rider loses signal across the sprint (a review item), one is offline for a while.
          i === 2 ? { dropouts: [[780, 1_000]] } : i === 4 ? { offline: [[1_200, 1_500]] } : {},
        ),
      )
      .map((d) => d.fix)
      .sort((x, y) => x.time - y.time);
    const expected = outcome(whole(c, riders, fixes), riders);
    expect(expected.flatMap((r) => r.crossings).length).toBeGreaterThan(12);
    expect(expected.some((r) => r.reviews.length > 0)).toBe(true);
    for (const cuts of [[5], [40, 700, 810, 1_600], Array.from({ length: 60 }, (_, k) => k * 47)]) {
      expect(outcome(fedInPieces(c, riders, fixes, cuts), riders)).toEqual(expected);
    }
  });

  it('counts laps and lap lines the same way on a circuit', () => {
    const c = squareCircuit(500, 5, [['prime', 'sprint', 1_250]]);
    const rnd = random(7);
    const riders = ['a', 'b', 'c'];
    const fixes = riders
      .flatMap((id, i) =>
        phone(c, { riderId: id, distanceAt: (s) => Math.max(0, s) * (10 + i), from: -20, to: 1_100 }, rnd),
      )
      .map((d) => d.fix)
      .sort((x, y) => x.time - y.time);
    const expected = outcome(whole(c, riders, fixes), riders);
    expect(expected.every((r) => r.finishTime !== null)).toBe(true);
    expect(outcome(fedInPieces(c, riders, fixes, [13, 57, 58, 120, 201, 480, 833, 900]), riders)).toEqual(
      expected,
    );
  });

  it('tells the earliest time its next crossing can be timed from', () => {
    const c = straightCourse(5);
    const state = new StageState(c.course, [{ riderId: 'a' }]);
    expect(state.crossingFloor('a')).toBeNull();
    state.start(at(0));
    expect(state.crossingFloor('a')).toBe(at(0));
    expect(state.crossingFloor('nobody')).toBeNull();
  });
});

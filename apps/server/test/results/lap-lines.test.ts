import { describe, expect, it } from 'vitest';
import { lapEndAt, marksLapEnd, missingLapLines } from '../../src/modules/results/lap-lines.ts';
import { lapsToFollow } from '../../src/modules/results/laps-to-follow.ts';

const LAP = 1039.87;

describe('lap lines', () => {
  it('finds the lap whose end a distance lies on, to a thousandth of a lap', () => {
    expect(lapEndAt(LAP, LAP)).toBe(1);
    expect(lapEndAt(3 * LAP + 0.5, LAP)).toBe(3);
    expect(lapEndAt(3 * LAP - 0.5, LAP)).toBe(3);
    expect(lapEndAt(3 * LAP + 2, LAP)).toBeNull();
    expect(lapEndAt(0, LAP)).toBeNull();
    expect(lapEndAt(500, LAP)).toBeNull();
    expect(lapEndAt(LAP, 0)).toBeNull();
  });

  it('takes every checkpoint on a lap’s end but the start as the lap line', () => {
    expect(marksLapEnd({ kind: 'finish', distance: 5 * LAP }, LAP)).toBe(true);
    expect(marksLapEnd({ kind: 'sprint', distance: 2 * LAP }, LAP)).toBe(true);
    expect(marksLapEnd({ kind: 'start', distance: 0 }, LAP)).toBe(false);
    expect(marksLapEnd({ kind: 'start', distance: LAP }, LAP)).toBe(false);
    expect(marksLapEnd({ kind: 'climb', distance: 1.5 * LAP }, LAP)).toBe(false);
  });

  it('adds a line at each lap’s end no checkpoint marks, so no lap is counted twice', () => {
    const lines = missingLapLines(LAP, 5, [
      { kind: 'start', distance: 0 },
      { kind: 'sprint', distance: 2 * LAP + 0.3 },
      { kind: 'climb', distance: 3.5 * LAP },
      { kind: 'finish', distance: 5 * LAP },
    ]);
    expect(lines.map((l) => [l.id, l.kind, l.distance])).toEqual([
      ['lap-line:1', 'timing', LAP],
      ['lap-line:3', 'timing', 3 * LAP],
      ['lap-line:4', 'timing', 4 * LAP],
    ]);
    // Without a finish checkpoint, the last lap's end gets a line too; one lap has only its end.
    expect(missingLapLines(LAP, 2, []).map((l) => l.id)).toEqual(['lap-line:1', 'lap-line:2']);
    expect(missingLapLines(LAP, 1, [{ kind: 'finish', distance: LAP }])).toEqual([]);
  });
});

describe('laps to follow', () => {
  const course = { targetMinutes: null, lapCount: 6, lapLength: 2500, isCircuit: true };

  it('follows the course’s laps in races with a fixed lap count', () => {
    expect(lapsToFollow({ ...course, format: 'criterium' }, 30)).toBe(6);
    expect(lapsToFollow({ ...course, format: 'cyclocross' }, 30)).toBe(6);
    expect(lapsToFollow({ ...course, format: 'points_race', targetMinutes: 60 }, 30)).toBe(6);
  });

  it('follows a race on time for as many laps as its target could hold at the top speed', () => {
    // 60 min at 30 m/s is 108 km: 44 laps of 2.5 km (43.2 rounded up).
    expect(lapsToFollow({ ...course, format: 'cyclocross', targetMinutes: 60 }, 30)).toBe(44);
    expect(lapsToFollow({ ...course, format: 'mtb', targetMinutes: 60 }, 30)).toBe(44);
    // Never fewer than the course's own.
    expect(lapsToFollow({ ...course, format: 'mtb', targetMinutes: 1, lapCount: 3 }, 30)).toBe(3);
    // A course that is not a circuit is ridden once, whatever the target.
    expect(
      lapsToFollow({ ...course, format: 'cyclocross', targetMinutes: 60, lapCount: 1, isCircuit: false }, 30),
    ).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { categoryForScore, climbScore, detectClimbs } from '../../src/course/climbs.ts';

/** A profile from segments of [length m, gradient %], sampled every 100 m. */
function profile(start: number, segments: Array<[number, number]>): Array<[number, number]> {
  const points: Array<[number, number]> = [[0, start]];
  let d = 0;
  let e = start;
  for (const [length, gradient] of segments) {
    for (let s = 100; s <= length; s += 100) points.push([d + s, e + (s * gradient) / 100]);
    d += length;
    e += (length * gradient) / 100;
  }
  return points;
}

describe('climb score and category', () => {
  it('weighs steepness twice: length km × gradient %²', () => {
    expect(climbScore(10_000, 6)).toBeCloseTo(360);
    expect(climbScore(5_000, 12)).toBeCloseTo(720);
  });

  it('maps known climbs to UCI-like categories', () => {
    expect(categoryForScore(climbScore(13_800, 8.1))).toBe('HC'); // Alpe d'Huez
    expect(categoryForScore(climbScore(10_000, 6))).toBe('1');
    expect(categoryForScore(climbScore(5_000, 6))).toBe('2');
    expect(categoryForScore(climbScore(3_000, 5))).toBe('3');
    expect(categoryForScore(climbScore(1_500, 4))).toBe('4');
    expect(categoryForScore(climbScore(1_000, 2))).toBeNull();
  });
});

describe('detectClimbs', () => {
  it('finds nothing on flat or descending roads', () => {
    expect(detectClimbs(profile(200, [[20_000, 0]]))).toEqual([]);
    expect(detectClimbs(profile(1_000, [[10_000, -5]]))).toEqual([]);
    expect(detectClimbs([])).toEqual([]);
  });

  it('finds one climb from its foot to its summit', () => {
    const climbs = detectClimbs(
      profile(300, [
        [5_000, 0],
        [10_000, 6],
        [5_000, -6],
      ]),
    );
    expect(climbs).toHaveLength(1);
    expect(climbs[0]).toMatchObject({ start: 5_000, summit: 15_000, category: '1' });
    expect(climbs[0]!.gain).toBeCloseTo(600);
    expect(climbs[0]!.gradient).toBeCloseTo(6);
  });

  it('rides through a short dip without splitting the climb', () => {
    const climbs = detectClimbs(
      profile(300, [
        [3_000, 5],
        [300, -3],
        [3_000, 5],
        [2_000, -6],
      ]),
    );
    expect(climbs).toHaveLength(1);
    expect(climbs[0]!.start).toBe(0);
    expect(climbs[0]!.summit).toBe(6_300);
  });

  it('separates two climbs with a real descent between them, in course order', () => {
    const climbs = detectClimbs(
      profile(300, [
        [3_000, 5],
        [3_000, -5],
        [1_500, 4],
        [1_000, -4],
      ]),
    );
    expect(climbs.map((c) => [c.start, c.summit, c.category])).toEqual([
      [0, 3_000, '3'],
      [6_000, 7_500, '4'],
    ]);
  });

  it('ignores a rise too gentle or too small to categorise', () => {
    expect(detectClimbs(profile(100, [[5_000, 1]]))).toEqual([]);
    expect(
      detectClimbs(
        profile(100, [
          [200, 8],
          [1_000, 0],
        ]),
      ),
    ).toEqual([]);
  });

  it('keeps a climb that runs to the end of the profile (a summit finish)', () => {
    const climbs = detectClimbs(
      profile(500, [
        [2_000, 0],
        [10_000, 8],
      ]),
    );
    expect(climbs).toEqual([expect.objectContaining({ start: 2_000, summit: 12_000, category: 'HC' })]);
  });
});

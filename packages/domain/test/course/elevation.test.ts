// The elevation helpers are internal; they are tested directly because their behaviour (hysteresis,
// spacing-independent smoothing) is what makes the climbing figures trustworthy.
import { describe, expect, it } from 'vitest';
import { climbingAndDescent, fillElevationGaps, smoothElevation } from '../../src/course/elevation.ts';

describe('climbingAndDescent', () => {
  it('counts every metre of a clean profile', () => {
    expect(climbingAndDescent([0, 10, 20, 15, 30, 0])).toEqual({ climbing: 35, descent: 35 });
  });

  it('ignores wobbles smaller than the threshold', () => {
    expect(climbingAndDescent([100, 102, 100, 102, 100, 102, 100], 3)).toEqual({ climbing: 0, descent: 0 });
  });

  it('counts a reversal once it exceeds the threshold, from the true turning point', () => {
    // Up 10, down 4 (counted: ≥ 3), up 2 (not), then up 8 more.
    expect(climbingAndDescent([0, 10, 6, 8, 16], 3)).toEqual({ climbing: 20, descent: 4 });
  });

  it('counts the last climb of a summit finish', () => {
    expect(climbingAndDescent([500, 480, 460, 700], 3)).toEqual({ climbing: 240, descent: 40 });
  });
});

describe('smoothElevation', () => {
  it('leaves a steady gradient unchanged, whatever the spacing', () => {
    const distances = [0, 3, 50, 51, 120, 300, 301, 302, 600, 1000];
    const elevations = distances.map((d) => 200 + 0.08 * d);
    smoothElevation(distances, elevations).forEach((e, i) => {
      expect(e).toBeCloseTo(elevations[i]!, 6);
    });
  });

  it('averages a one-point spike over the window instead of keeping it', () => {
    const distances = Array.from({ length: 101 }, (_, i) => i * 10);
    const elevations = distances.map((_, i) => (i === 50 ? 150 : 100));
    const smoothed = smoothElevation(distances, elevations);
    expect(Math.max(...smoothed)).toBeLessThan(110);
    expect(smoothed[0]).toBe(100);
  });
});

describe('fillElevationGaps', () => {
  it('interpolates along distance and holds the ends flat', () => {
    expect(fillElevationGaps([0, 10, 30, 40, 50, 60], [null, 100, null, 130, 135, null])).toEqual([
      100, 100, 120, 130, 135, 135,
    ]);
  });

  it('gives up when fewer than half the points have an elevation', () => {
    expect(fillElevationGaps([0, 1, 2, 3], [5, null, null, null])).toBeNull();
    expect(fillElevationGaps([0, 1], [null, null])).toBeNull();
  });
});

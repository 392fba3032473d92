import { describe, expect, it } from 'vitest';
import {
  climbing,
  elevationAt,
  extent,
  interpolateColumn,
  rideSeries,
  trackLine,
  wrapToLap,
} from '../../src/charts/series.ts';

const profile: Array<[number, number]> = [
  [0, 100],
  [1000, 200],
  [2000, 150],
];

describe('wrapToLap', () => {
  it('keeps a distance inside the first lap and wraps later laps', () => {
    expect(wrapToLap(500, 2000)).toBe(500);
    expect(wrapToLap(2500, 2000)).toBe(500);
    expect(wrapToLap(-5, 2000)).toBe(0);
  });

  it('leaves the end of a lap at the finish, not back at the start', () => {
    expect(wrapToLap(2000, 2000)).toBe(2000);
    expect(wrapToLap(4000, 2000)).toBe(2000);
    expect(wrapToLap(25.3, 25.3)).toBe(25.3);
  });

  it('does not wrap without a lap length', () => {
    expect(wrapToLap(9000, 0)).toBe(9000);
  });
});

describe('elevationAt', () => {
  it('interpolates between profile points and clamps at the ends', () => {
    expect(elevationAt(profile, 500)).toBe(150);
    expect(elevationAt(profile, 1500)).toBe(175);
    expect(elevationAt(profile, 1000)).toBe(200);
    expect(elevationAt(profile, -10)).toBe(100);
    expect(elevationAt(profile, 9999)).toBe(150);
    expect(elevationAt([], 10)).toBeNull();
  });

  it('does the same on chart columns, skipping holes', () => {
    expect(interpolateColumn([0, 1, 2], [100, 200, 150], 0.25)).toBe(125);
    expect(interpolateColumn([0, 1, 2], [100, null, 150], 0.5)).toBe(100);
    expect(interpolateColumn([0, 1], undefined, 0.5)).toBeNull();
  });
});

describe('rideSeries', () => {
  it('puts speed and elevation against distance in km, dropping samples that do not move on', () => {
    // t, d, lat, lon, km/h — the third sample is projected behind the second, the fourth waits there.
    const samples = [
      0, 0, 45, 5, 20, 5, 500, 45, 5.1, 30, 10, 480, 45, 5.1, 0, 15, 500, 45, 5.1, 0, 20, 1500, 45, 5.2, 40,
    ];
    const series = rideSeries(samples, profile, 2000);
    expect(series.km).toEqual([0, 0.5, 1.5]);
    expect(series.speed).toEqual([20, 30, 40]);
    expect(series.elevation).toEqual([100, 150, 175]);
  });

  it('wraps laps onto the one-lap profile and has no elevation without one', () => {
    expect(rideSeries([0, 2500, 45, 5, 30], profile, 2000).elevation).toEqual([150]);
    expect(rideSeries([0, 2500, 45, 5, 30]).elevation).toEqual([null]);
  });

  it('draws the track from the samples’ positions', () => {
    expect(trackLine([0, 0, 45, 5, 20, 5, 500, 45.1, 5.1, 30])).toEqual([
      [45, 5],
      [45.1, 5.1],
    ]);
  });
});

describe('extent and climbing', () => {
  it('summarises numbers, ignoring holes, without spreading huge arrays', () => {
    expect(extent([3, null, 1, 2])).toEqual({ min: 1, max: 3, mean: 2 });
    expect(extent([null, undefined])).toBeNull();
    const long = Array.from({ length: 300_000 }, (_, k) => k);
    expect(extent(long)?.max).toBe(299_999);
  });

  it('adds up every rise', () => {
    expect(climbing([100, 150, 120, 130, null, 200])).toBe(130);
    expect(climbing([])).toBe(0);
  });
});

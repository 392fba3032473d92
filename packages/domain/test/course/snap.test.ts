import { describe, expect, it } from 'vitest';
import {
  CourseGeometryError,
  type CoursePoint,
  metres,
  normaliseCourse,
  pointAtDistance,
  snapToCourse,
} from '../../src/index.ts';
import { E, equatorLine, equatorMetres, track } from './helpers.ts';

/** 0.001° of latitude at the equator, in metres (WGS84 meridian arc). */
const LAT_MILLIDEGREE = 110.574;

const line = normaliseCourse(equatorLine(0.01, 3, (i) => [100, 150, 120][i]!)).points; // 2 segments of ~556 m

describe('snapToCourse', () => {
  it("projects onto a segment's middle, not only onto its vertices", () => {
    const s = snapToCourse(line, 0.001, E + 0.0025);
    expect(s.lat).toBeCloseTo(0, 9);
    expect(s.lon).toBeCloseTo(E + 0.0025, 9);
    expect(s.distance).toBeCloseTo(equatorMetres(0.0025), 1);
    expect(s.offset).toBeCloseTo(LAT_MILLIDEGREE, 1);
  });

  it('snaps a point on the line with zero offset', () => {
    const s = snapToCourse(line, 0, E + 0.0075);
    expect(s.offset).toBeCloseTo(0, 6);
    expect(s.distance).toBeCloseTo(equatorMetres(0.0075), 1);
  });

  it('gives a far point a large, geodesic offset', () => {
    const s = snapToCourse(line, 1, E + 0.005);
    expect(s.distance).toBeCloseTo(equatorMetres(0.005), 0);
    expect(s.offset).toBeGreaterThan(110_000);
    expect(s.offset).toBeCloseTo(110574, -1);
  });

  it('clamps points before the start or beyond the finish to the ends', () => {
    expect(snapToCourse(line, 0, E - 0.01).distance).toBe(0);
    const beyond = snapToCourse(line, 0.0001, E + 0.02);
    expect(beyond.distance).toBeCloseTo(equatorMetres(0.01), 3);
    expect(beyond.lon).toBeCloseTo(E + 0.01, 9);
  });

  it('on an out-and-back, takes the leg nearest to nearDistance, else the nearest leg', () => {
    const outAndBack = normaliseCourse(
      track([
        [0, E],
        [0, E + 0.01],
        [0.0001, E + 0.01],
        [0.0001, E], // back on a parallel carriageway 11 m north
      ]),
    ).points;
    const out = equatorMetres(0.01);
    // The point is 4 m from the outbound leg and 7 m from the return leg.
    const query = [0.00004, E + 0.005] as const;
    expect(snapToCourse(outAndBack, ...query).distance).toBeCloseTo(out / 2, -1);
    const back = snapToCourse(outAndBack, ...query, { nearDistance: metres(1.5 * out) });
    expect(back.distance).toBeGreaterThan(1.45 * out);
    expect(back.distance).toBeLessThan(1.55 * out);
    expect(back.offset).toBeGreaterThan(5);
  });

  it('handles a single-point course and rejects an empty course or an invalid position', () => {
    const single: CoursePoint[] = [{ lat: 45, lon: 6, ele: null, distance: metres(0) }];
    expect(snapToCourse(single, 45.001, 6)).toMatchObject({ lat: 45, lon: 6, distance: 0 });
    expect(() => snapToCourse([], 45, 6)).toThrow(CourseGeometryError);
    expect(() => snapToCourse(line, Number.NaN, 6)).toThrow(CourseGeometryError);
  });

  it('works across the antimeridian', () => {
    const fiji = normaliseCourse(
      track([
        [-17, 179.99],
        [-17, -179.99],
      ]),
    ).points;
    expect(fiji.at(-1)!.distance).toBeLessThan(2200);
    const s = snapToCourse(fiji, -16.999, 180);
    expect(s.offset).toBeCloseTo(LAT_MILLIDEGREE, -1);
    expect(s.distance).toBeCloseTo(fiji.at(-1)!.distance / 2, -1);
  });

  it('is fast enough for a 10,000-point course', () => {
    const long = normaliseCourse(equatorLine(1, 10_000)).points;
    const start = performance.now();
    for (let i = 0; i < 20; i++) snapToCourse(long, 0.001, E + i / 20);
    expect((performance.now() - start) / 20).toBeLessThan(20);
  });
});

describe('pointAtDistance', () => {
  it('interpolates position and elevation inside a segment', () => {
    const p = pointAtDistance(line, metres(equatorMetres(0.0025)));
    expect(p.lat).toBeCloseTo(0, 9);
    expect(p.lon).toBeCloseTo(E + 0.0025, 6);
    expect(p.ele).not.toBeNull();
    expect(p.ele!).toBeGreaterThan(line[0]!.ele!);
    expect(p.ele!).toBeLessThan(line[1]!.ele!);
  });

  it('returns vertices exactly and clamps outside the course', () => {
    expect(pointAtDistance(line, line[1]!.distance)).toEqual({ lat: 0, lon: E + 0.005, ele: line[1]!.ele });
    expect(pointAtDistance(line, metres(-5))).toEqual({ lat: 0, lon: E, ele: line[0]!.ele });
    expect(pointAtDistance(line, metres(1e9))).toEqual({ lat: 0, lon: E + 0.01, ele: line[2]!.ele });
  });

  it('is the inverse of snapping for points on the course', () => {
    const course = normaliseCourse(
      track([
        [45, 6],
        [45.01, 6.01],
        [45.02, 6.0],
        [45.03, 6.02],
      ]),
    ).points;
    for (const d of [100, 1500, 2500, 3800]) {
      const p = pointAtDistance(course, metres(d));
      expect(p.ele).toBeNull();
      expect(snapToCourse(course, p.lat, p.lon).distance).toBeCloseTo(d, 0);
    }
  });

  it('rejects an empty course', () => {
    expect(() => pointAtDistance([], metres(0))).toThrow(CourseGeometryError);
  });
});

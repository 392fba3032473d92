// CourseProjector on simple synthetic shapes: exact distances and offsets, lateral noise kept out of the
// distance, fixes far off the course, first fixes, unusable input.
import { describe, expect, it } from 'vitest';
import { geodesicDistance } from '../../src/course/geodesy.ts';
import { normaliseCourse } from '../../src/course/normalise.ts';
import { CourseProjector } from '../../src/live/projection.ts';
import { metres } from '../../src/units.ts';
import { E, equatorMetres, seededRandom, track } from '../course/helpers.ts';
import { courseFromXY, line, max, positionAt, ride, toLatLon } from './projection-helpers.ts';

describe('CourseProjector: geometry', () => {
  it('measures distance and offset exactly on a straight line along the equator', () => {
    const points = normaliseCourse(
      track(Array.from({ length: 11 }, (_, i): [number, number] => [0, E + i * 0.001])),
    ).points;
    const projector = new CourseProjector(points);
    expect(projector.length).toBeCloseTo(equatorMetres(0.01), 6);
    // 0.0001° north of the equator: 11.0574 m on WGS84 (m per degree of latitude at the equator).
    const p = projector.project(0.0001, E + 0.0045, null);
    expect(p.distance).toBeCloseTo(equatorMetres(0.0045), 6);
    expect(p.offset).toBeCloseTo(11.0574, 3);
    expect(p.segment).toBe(4);
    // Before the start and past the end the fix lands on the ends.
    const before = projector.project(0, E - 0.001, null);
    expect(before).toEqual({ distance: 0, offset: expect.closeTo(equatorMetres(0.001), 2), segment: 0 });
    const after = projector.project(0, E + 0.012, null);
    expect(after.distance).toBeCloseTo(equatorMetres(0.01), 6);
    expect(after.segment).toBe(9);
    expect(after.offset).toBeCloseTo(equatorMetres(0.002), 2);
  });

  it('keeps the lateral error out of the distance: ±10 m of noise on a straight road', () => {
    const points = courseFromXY([[0, 0], ...line([0, 0], [3000, 0], 100)]).points;
    const projector = new CourseProjector(points);
    const random = seededRandom(7);
    const result = ride(projector, points, { to: 3000, step: 10, lateral: () => (random() * 2 - 1) * 10 });
    expect(max(result.errors)).toBeLessThan(0.05);
    result.offsets.forEach((offset, i) => {
      expect(Math.abs(offset - result.lateral[i]!)).toBeLessThan(0.02);
    });
  });

  it('gives a large offset for a fix far off the course, at the nearest place', () => {
    const points = courseFromXY([[0, 0], ...line([0, 0], [5000, 0], 100)]).points;
    const projector = new CourseProjector(points);
    const [lat, lon] = toLatLon([2500, 3000]);
    const p = projector.project(lat, lon, null);
    expect(p.distance).toBeCloseTo(points[25]!.distance, 0);
    const [onLat, onLon] = toLatLon([2500, 0]);
    expect(p.offset).toBeCloseTo(geodesicDistance(lat, lon, onLat, onLon), -1);
    expect(p.offset).toBeGreaterThan(2990);
    // The same far fix with a hint: nothing in the window is near, the nearest place wins.
    const hinted = projector.project(lat, lon, { distance: metres(200), segment: 2, reach: metres(75) });
    expect(hinted.distance).toBeCloseTo(p.distance, 6);
  });

  it('places a first fix anywhere on the course (no hint)', () => {
    const points = courseFromXY([
      [0, 0],
      ...line([0, 0], [2000, 0], 50),
      ...line([2000, 0], [2000, 3000], 50),
    ]).points;
    const projector = new CourseProjector(points);
    // 4 m to the right: outside the left turn at 2 km.
    for (const d of [0, 735, 1999, 2000, 3333.3, 5000]) {
      const pos = positionAt(points, d, -4);
      const p = projector.project(pos.lat, pos.lon, null);
      expect(p.distance).toBeCloseTo(d, 0);
      expect(p.offset).toBeCloseTo(4, 1);
    }
  });

  it('rejects unusable input', () => {
    expect(() => new CourseProjector([])).toThrow(/at least two points/);
    const points = courseFromXY([[0, 0], ...line([0, 0], [1000, 0], 100)]).points;
    expect(() => new CourseProjector(points).project(Number.NaN, 6, null)).toThrow(/not a valid position/);
  });
});

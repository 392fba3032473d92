import { describe, expect, it } from 'vitest';
import { buildCourse } from '../src/model/course.ts';
import { haversine } from '../src/model/geo.ts';
import { rolling, syntheticCourse } from './support/courses.ts';

describe('course', () => {
  it('gives the gradient of the road, smoothed, and flat without elevation', () => {
    const course = buildCourse({ points: syntheticCourse(10_000, rolling), lapCount: 1 });
    expect(course.gradeAt(2000)).toBeCloseTo(0, 6);
    expect(course.gradeAt(5000)).toBeCloseTo(0.06, 2);
    expect(course.gradeAt(7000)).toBeCloseTo(-0.06, 2);
    const flat = buildCourse({ points: syntheticCourse(5000, () => null), lapCount: 1 });
    expect(flat.hasElevation).toBe(false);
    expect(flat.gradeAt(2500)).toBe(0);
  });

  it('goes round a circuit lapCount times', () => {
    const course = buildCourse({ points: syntheticCourse(4000, () => 200, true), lapCount: 3 });
    expect(course.length).toBeCloseTo(3 * course.lapLength, 6);
    const a = course.positionAt(1234);
    const b = course.positionAt(1234 + 2 * course.lapLength);
    expect(haversine(a.lat, a.lon, b.lat, b.lon)).toBeLessThan(0.01);
    const end = course.positionAt(course.length);
    const start = course.positionAt(0);
    expect(haversine(end.lat, end.lon, start.lat, start.lon)).toBeLessThan(1);
    expect(course.positionAt(course.lapLength / 4).heading).toBeCloseTo(90, 0); // north, then east
  });
});

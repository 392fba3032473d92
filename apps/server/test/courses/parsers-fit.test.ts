// parseCourseFile on FIT: a hand-made course (records, course points, semicircles), and the recorded
// rides whose FIT and GPX exports must give the same course.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { normaliseCourse } from '@echelon/domain';
import { describe, expect, it } from 'vitest';
import { detectCourseFormat, parseCourseFile } from '../../src/modules/courses/parsers/index.ts';
import { bytesOf, RIDES, smallFitCourse } from './parser-fixtures.ts';

describe('parseCourseFile: FIT courses', () => {
  it('reads records and course points, converting semicircles to degrees', () => {
    const raw = parseCourseFile(smallFitCourse(), 'course.FIT');
    expect(raw.name).toBe('Boucle du test');
    expect(raw.points).toHaveLength(5);
    expect(raw.points[0]!.lat).toBeCloseTo(45.1, 6);
    expect(raw.points[4]!.lon).toBeCloseTo(-5.996, 6);
    expect(raw.points.map((p) => p.ele)).toEqual([1000, 1010, 1020, 1030, 1040]);
    expect(raw.waypoints).toHaveLength(2);
    expect(raw.waypoints[0]).toMatchObject({
      name: 'Côte du test',
      type: 'thirdCategory',
      description: null,
    });
    expect(raw.waypoints[0]!.lon).toBeCloseTo(-5.997, 6);

    const [climb, ...others] = normaliseCourse(raw).suggestedCheckpoints;
    expect(others).toHaveLength(0); // the turn cue is not a checkpoint
    expect(climb).toMatchObject({ kind: 'climb', climbCategory: '3', name: 'Côte du test' });
    expect(climb!.offset).toBeLessThan(1);
  });
});

describe('parseCourseFile: recorded rides, FIT and GPX of the same ride', () => {
  const rides = readdirSync(RIDES)
    .filter((f) => f.endsWith('.fit'))
    .map((f) => f.slice(0, -'.fit'.length));

  it('finds all eight rides', () => {
    expect(rides).toHaveLength(8);
  });

  it.each(rides)('%s: FIT and GPX give the same course within 2 %', (ride) => {
    const fit = parseCourseFile(bytesOf(path.join(RIDES, `${ride}.fit`)), `${ride}.fit`);
    const gpx = parseCourseFile(bytesOf(path.join(RIDES, `${ride}.gpx`)), `${ride}.gpx`);
    expect(fit.points.length).toBeGreaterThan(2000);
    expect(fit.points.filter((p) => p.ele !== null).length).toBeGreaterThan(0.9 * fit.points.length);
    // Semicircles converted to degrees: the first fix matches the GPX conversion to ~1 cm.
    expect(fit.points[0]!.lat).toBeCloseTo(gpx.points[0]!.lat, 6);
    expect(fit.points[0]!.lon).toBeCloseTo(gpx.points[0]!.lon, 6);

    const fitCourse = normaliseCourse(fit);
    const gpxCourse = normaliseCourse(gpx);
    expect(fitCourse.length).toBeGreaterThan(30_000);
    expect(Math.abs(fitCourse.length / gpxCourse.length - 1)).toBeLessThan(0.02);
    expect(Math.abs(fitCourse.climbing - gpxCourse.climbing)).toBeLessThanOrEqual(
      0.02 * gpxCourse.climbing + 2,
    );
  });

  it('reads the lengths the README gives for two of them', () => {
    const km = (ride: string) =>
      normaliseCourse(parseCourseFile(bytesOf(path.join(RIDES, `${ride}.fit`)), `${ride}.fit`)).length / 1000;
    expect(km('fitparse__Edge810-Vector-2013-08-16-15-35-10')).toBeCloseTo(41.4, 0);
    expect(km('sweatpy__4078723797')).toBeCloseTo(57.6, 0);
  });

  it('a FIT file renamed .gpx is still read as FIT', () => {
    const bytes = bytesOf(path.join(RIDES, 'fitparse__sample-activity.fit'));
    expect(detectCourseFormat(bytes, 'renamed.gpx')).toBe('fit');
    expect(parseCourseFile(bytes, 'renamed.gpx').points.length).toBeGreaterThan(2000);
  });
});

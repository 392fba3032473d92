// CourseProjector on real data (../shared/data, read in place): the Tour de France stage 4 course ridden
// end to end, and recorded rides projected onto their own track.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCourseFile } from '../../../../apps/server/src/modules/courses/parsers/index.ts';
import { normaliseCourse } from '../../src/course/normalise.ts';
import { CourseProjector } from '../../src/live/projection.ts';
import type { Projection, ProjectionHint } from '../../src/live/types.ts';
import { metres } from '../../src/units.ts';
import { seededRandom } from '../course/helpers.ts';
import { hintFrom, max, positionAt, ride } from './projection-helpers.ts';

const DATA = path.resolve(import.meta.dirname, '../../../../../shared/data');

describe('CourseProjector: the Tour de France stage 4 course (138 km, 11,500 points)', () => {
  const file = path.join(DATA, 'courses/tdf2024-stage04-pinerolo-valloire.gpx');
  const course = normaliseCourse(parseCourseFile(readFileSync(file), path.basename(file)));

  it('follows a rider along the whole course at 10 m steps to within 1 m', () => {
    const projector = new CourseProjector(course.points);
    expect(projector.length).toBe(course.length);
    expect(projector.length).toBeGreaterThan(137_000);
    const result = ride(projector, course.points, { to: course.length, step: 10 });
    expect(result.errors.length).toBeGreaterThan(13_000);
    expect(max(result.errors)).toBeLessThan(1);
    expect(max(result.offsets)).toBeLessThan(0.05);
  });

  it('stays within GPS noise of the truth with ±10 m lateral noise, switchbacks included', () => {
    const projector = new CourseProjector(course.points);
    const random = seededRandom(5);
    const result = ride(projector, course.points, {
      to: course.length,
      step: 10,
      lateral: () => (random() * 2 - 1) * 10,
    });
    const sorted = [...result.errors].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.99)]!).toBeLessThan(10);
    expect(max(result.errors)).toBeLessThan(50);
  });

  it('places first fixes anywhere on the course', () => {
    const projector = new CourseProjector(course.points);
    for (const d of [0, 12_345, 69_000, 100_001, course.length]) {
      const pos = positionAt(course.points, d);
      expect(projector.project(pos.lat, pos.lon, null).distance).toBeCloseTo(d, 0);
    }
  });
});

interface TimedFix {
  time: number;
  lat: number;
  lon: number;
}

/** Track points with their <time>, in file order (the course parser keeps only lat/lon/ele). */
function timedFixes(gpx: string): TimedFix[] {
  const fixes: TimedFix[] = [];
  for (const [, attributes, body] of gpx.matchAll(/<trkpt\b([^>]*)>([\s\S]*?)<\/trkpt>/g)) {
    const lat = Number(/lat="([^"]+)"/.exec(attributes!)?.[1]);
    const lon = Number(/lon="([^"]+)"/.exec(attributes!)?.[1]);
    const time = Date.parse(/<time>([^<]+)<\/time>/.exec(body!)?.[1] ?? '');
    if (Number.isFinite(lat) && Number.isFinite(lon) && !(lat === 0 && lon === 0) && Number.isFinite(time)) {
      fixes.push({ time, lat, lon });
    }
  }
  return fixes;
}

describe('CourseProjector: real rides projected onto their own track', () => {
  const rides = [
    'fitparse__garmin-edge-500-activity',
    'fitparse__sample-activity',
    'fitparse__2019-02-17-062644-ELEMNT-297E-195-0',
    'fitparse__Edge810-Vector-2013-08-16-15-35-10',
    'fitparse__coros-pace-2-cycling-misaligned-fields',
    'sweatpy__4078723797',
    'sweatpy__4801048867',
    'tormoder-fit__bpg-garmin',
  ];

  it.each(rides)('%s: distances only grow, and the last fix is at the end', (name) => {
    const file = path.join(DATA, `rides/${name}.gpx`);
    const bytes = readFileSync(file);
    const course = normaliseCourse(parseCourseFile(bytes, path.basename(file)));
    const fixes = timedFixes(bytes.toString('utf8')).sort((a, b) => a.time - b.time);
    expect(fixes.length).toBeGreaterThan(1000);
    const projector = new CourseProjector(course.points);

    let hint: ProjectionHint | null = null;
    let previousTime = 0;
    let previousDistance = 0;
    let worstStepBack = 0;
    let last: Projection | null = null;
    for (const fix of fixes) {
      const reach = hint ? ((fix.time - previousTime) / 1000) * 25 + 50 : 0;
      const p = projector.project(fix.lat, fix.lon, hint && { ...hint, reach: metres(reach) });
      // Normalisation drops near-duplicate points (within 1 cm): those fixes are a centimetre off.
      expect(p.offset).toBeLessThan(0.02);
      if (last) worstStepBack = Math.max(worstStepBack, previousDistance - p.distance);
      hint = hintFrom(p, 0);
      previousTime = fix.time;
      previousDistance = p.distance;
      last = p;
    }
    expect(worstStepBack).toBeLessThan(1);
    expect(Math.abs(last!.distance - course.length)).toBeLessThan(course.length * 0.01);
  });
});

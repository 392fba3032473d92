import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCourseFile } from '../../../../apps/server/src/modules/courses/parsers/index.ts';
import { geodesicDistance, metresPerDegree } from '../../src/course/geodesy.ts';
import { normaliseCourse } from '../../src/course/normalise.ts';
import type { CoursePoint } from '../../src/course/types.ts';
import { CourseProjector } from '../../src/live/projection.ts';
import type { Projection, ProjectionHint } from '../../src/live/types.ts';
import { metres } from '../../src/units.ts';
import { E, equatorMetres, seededRandom, track } from '../course/helpers.ts';

const DATA = path.resolve(import.meta.dirname, '../../../../../shared/data');

// Synthetic courses are drawn in metres east (x) and north (y) of a point in the Alps.
const LAT0 = 45;
const LON0 = 6;
const SCALE = metresPerDegree(LAT0);
const toLatLon = ([x, y]: [number, number]): [number, number] => [
  LAT0 + y / SCALE.perLat,
  LON0 + x / SCALE.perLon,
];

function courseFromXY(xy: Array<[number, number]>, lapCount = 1) {
  return normaliseCourse(track(xy.map(toLatLon)), { lapCount });
}

/** A line from (x0, y0) to (x1, y1) sampled every `step` metres, without its first point. */
function line(from: [number, number], to: [number, number], step: number): Array<[number, number]> {
  const n = Math.max(1, Math.round(Math.hypot(to[0] - from[0], to[1] - from[1]) / step));
  return Array.from({ length: n }, (_, i): [number, number] => [
    from[0] + ((to[0] - from[0]) * (i + 1)) / n,
    from[1] + ((to[1] - from[1]) * (i + 1)) / n,
  ]);
}

/** The position `d` metres along the lap, moved `lateral` metres to the left of the direction of travel. */
function positionAt(points: readonly CoursePoint[], d: number, lateral = 0): { lat: number; lon: number } {
  let i = 0;
  while (i < points.length - 2 && points[i + 1]!.distance < d) i++;
  const a = points[i]!;
  const b = points[i + 1]!;
  const t = Math.min(Math.max((d - a.distance) / (b.distance - a.distance), 0), 1);
  const lat = a.lat + t * (b.lat - a.lat);
  const lon = a.lon + t * (b.lon - a.lon);
  if (lateral === 0) return { lat, lon };
  const { perLat, perLon } = metresPerDegree(lat);
  const dx = (b.lon - a.lon) * perLon;
  const dy = (b.lat - a.lat) * perLat;
  const norm = Math.hypot(dx, dy);
  return { lat: lat + ((dx / norm) * lateral) / perLat, lon: lon + ((-dy / norm) * lateral) / perLon };
}

const hintFrom = (p: Projection, reach: number): ProjectionHint => ({
  distance: p.distance,
  segment: p.segment,
  reach: metres(reach),
});

/**
 * Rides the course from `from` to `to` (metres over all laps) in steps, projecting each position with the
 * previous projection as hint (reach: 1 s per 10 m at 25 m/s, plus 50 m), as the live processor does.
 * Returns the distance error of each projection, modulo the lap, and the offsets.
 */
function ride(
  projector: CourseProjector,
  points: readonly CoursePoint[],
  options: { from?: number; to: number; step: number; lateral?: () => number },
): { errors: number[]; offsets: number[]; lateral: number[]; laps: number; last: Projection } {
  const lap = projector.length;
  const errors: number[] = [];
  const offsets: number[] = [];
  const laterals: number[] = [];
  let hint: ProjectionHint | null = null;
  let previous: Projection | null = null;
  let laps = 0;
  for (let d = options.from ?? 0; d <= options.to + 1e-9; d += options.step) {
    const truth = d % lap;
    const lateral = options.lateral?.() ?? 0;
    const pos = positionAt(points, truth, lateral);
    const p = projector.project(pos.lat, pos.lon, hint);
    const apart = Math.abs(p.distance - truth);
    errors.push(Math.min(apart, lap - apart));
    offsets.push(p.offset);
    laterals.push(Math.abs(lateral));
    if (previous && p.distance < previous.distance - lap / 2) laps++;
    previous = p;
    hint = hintFrom(p, (options.step / 10) * 25 + 50);
  }
  return { errors, offsets, lateral: laterals, laps, last: previous! };
}

const max = (xs: readonly number[]): number => xs.reduce((m, x) => Math.max(m, x), 0);

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

describe('CourseProjector: places the course passes more than once', () => {
  // A figure-8 (lemniscate of Gerono, 2 × 500 m): it crosses itself at right angles at the origin, a quarter
  // and three quarters of the way round.
  const figure8XY = Array.from({ length: 400 }, (_, i): [number, number] => {
    const theta = Math.PI / 2 + (2 * Math.PI * i) / 400;
    return [500 * Math.sin(theta), 500 * Math.sin(theta) * Math.cos(theta)];
  });
  const figure8 = courseFromXY(figure8XY);
  const [lastLat, lastLon] = toLatLon(figure8XY.at(-1)!);
  const [firstLat, firstLon] = toLatLon(figure8XY[0]!);
  const figure8Gap = geodesicDistance(lastLat, lastLon, firstLat, firstLon);
  const crossing1 = figure8.points[100]!.distance;
  const crossing2 = figure8.points[300]!.distance;

  it('keeps the branch the rider is on through the crossing of a figure-8', () => {
    const projector = new CourseProjector(figure8.points);
    expect(crossing2 - crossing1).toBeGreaterThan(1000);
    const clean = ride(projector, figure8.points, { to: projector.length, step: 10 });
    expect(max(clean.errors)).toBeLessThan(0.01);
    const random = seededRandom(11);
    const noisy = ride(projector, figure8.points, {
      to: projector.length,
      step: 10,
      lateral: () => (random() * 2 - 1) * 10,
    });
    expect(max(noisy.errors)).toBeLessThan(3);
    // Right on the second crossing, coming from 10 m before it: the second branch, not the first.
    const [lat, lon] = toLatLon([0, 0]);
    const before = positionAt(figure8.points, crossing2 - 10);
    const hint = hintFrom(projector.project(before.lat, before.lon, null), 75);
    expect(hint.distance).toBeCloseTo(crossing2 - 10, 6);
    expect(projector.project(lat, lon, hint).distance).toBeCloseTo(crossing2, 6);
    // Without a hint the crossing is a tie, and the earliest pass wins.
    expect(projector.project(lat, lon, null).distance).toBeCloseTo(crossing1, 6);
  });

  // 5 km out and 5 km back on the very same points.
  const outAndBack = courseFromXY([[0, 0], ...line([0, 0], [5000, 0], 25), ...line([5000, 0], [0, 0], 25)]);

  it('puts a rider on the way back of an out-and-back beyond 5 km', () => {
    const projector = new CourseProjector(outAndBack.points);
    expect(projector.length).toBeCloseTo(10000, -1);
    const half = outAndBack.points[200]!.distance;
    for (const step of [10, 17, 22, 30, 45]) {
      for (const from of [0, 7, 13]) {
        const result = ride(projector, outAndBack.points, { from, to: projector.length, step });
        // Just past the tip a fix lies on both legs, both ahead: the nearer one ahead wins until the next
        // fix settles it, so for one fix the rider may be shown up to twice the way past the tip behind.
        result.errors.forEach((error, i) => {
          const truth = from + i * step;
          expect(error).toBeLessThan(truth > half && truth - half < step ? 2 * (truth - half) + 0.5 : 0.5);
        });
      }
    }
    const random = seededRandom(3);
    const noisy = ride(projector, outAndBack.points, {
      from: 4000,
      to: 6000,
      step: 10,
      lateral: () => (random() * 2 - 1) * 10,
    });
    expect(max(noisy.errors)).toBeLessThan(0.5);
    // 3 km from the start on the way back (7 km along), coming from 20 m before.
    const pos = positionAt(outAndBack.points, 7000);
    const hint = hintFrom(projector.project(pos.lat, pos.lon, null), 75);
    expect(hint.distance).toBeCloseTo(3000, 0); // first fix: the earliest pass
    const back: ProjectionHint = { distance: metres(6980), segment: 279, reach: metres(75) };
    const p = projector.project(pos.lat, pos.lon, back);
    expect(p.distance).toBeGreaterThan(5000);
    expect(p.distance).toBeCloseTo(7000, 0);
  });

  it('after a long gap prefers the pass closest ahead of the previous distance', () => {
    const projector = new CourseProjector(outAndBack.points);
    const pos = positionAt(outAndBack.points, 3000);
    // The window covers the whole course: both passes qualify, the one ahead of 1 km wins.
    const gap = { distance: metres(1000), segment: 40, reach: metres(100_000) };
    expect(projector.project(pos.lat, pos.lon, gap).distance).toBeCloseTo(3000, 0);
    // From 6 km (on the way back), 3 km out lies behind: the way back at 7 km is ahead.
    const gapBack = { distance: metres(6000), segment: 240, reach: metres(100_000) };
    expect(projector.project(pos.lat, pos.lon, gapBack).distance).toBeCloseTo(7000, 0);
  });

  it('falls back to the nearest road when the rider took a shortcut', () => {
    // Up 2 km, across 300 m, down 2 km: a U.
    const u = courseFromXY([
      [0, 0],
      ...line([0, 0], [0, 2000], 20),
      ...line([0, 2000], [300, 2000], 20),
      ...line([300, 2000], [300, 0], 20),
    ]);
    const projector = new CourseProjector(u.points);
    const [lat, lon] = toLatLon([300, 500]);
    const hint: ProjectionHint = { distance: metres(500), segment: 25, reach: metres(75) };
    const p = projector.project(lat, lon, hint);
    expect(p.distance).toBeCloseTo(2000 + 300 + 1500, 0);
    expect(p.offset).toBeLessThan(0.01);
    // A hint whose segment does not match its distance is still understood by its distance.
    const wrongSegment: ProjectionHint = { distance: metres(3780), segment: 3, reach: metres(75) };
    expect(projector.project(lat, lon, wrongSegment).distance).toBeCloseTo(3800, 0);
  });

  it('walks three laps of a figure-8 circuit, wrapping from the end of the lap onto its start', () => {
    // The figure-8 ridden 3 times: normalisation closes the lap onto its first point (500 m east).
    const circuit = courseFromXY(figure8XY, 3);
    const projector = new CourseProjector(circuit.points);
    expect(projector.isCircuit).toBe(true);
    const lap = projector.length;
    expect(lap).toBeCloseTo(figure8.length + figure8Gap, 6);
    const result = ride(projector, circuit.points, { to: 3 * lap - 5, step: 10 });
    expect(max(result.errors)).toBeLessThan(0.01);
    expect(result.laps).toBe(2);
    expect(2 * lap + result.last.distance).toBeCloseTo(Math.floor((3 * lap - 5) / 10) * 10, 1);
    const random = seededRandom(13);
    const noisy = ride(projector, circuit.points, {
      to: 3 * lap + 50,
      step: 10,
      lateral: () => (random() * 2 - 1) * 10,
    });
    expect(max(noisy.errors)).toBeLessThan(3);
    expect(noisy.laps).toBe(3);

    // 15 m into the next lap, coming from 20 m before the line: the start of the lap.
    const end = positionAt(circuit.points, lap - 20);
    const hint = hintFrom(projector.project(end.lat, end.lon, null), 75);
    const next = positionAt(circuit.points, 15);
    const p = projector.project(next.lat, next.lon, hint);
    expect(p.distance).toBeCloseTo(15, 6);
    expect(p.segment).toBe(1);
    // A little behind the line after crossing it (GPS noise): the end of the lap, as it is.
    const behind = positionAt(circuit.points, lap - 3);
    const back = projector.project(behind.lat, behind.lon, hintFrom(p, 75));
    expect(back.distance).toBeCloseTo(lap - 3, 6);
    // On the line without a hint: the start; with a hint from just before it: the end of the lap.
    const [lat, lon] = toLatLon([500, 0]);
    expect(projector.project(lat, lon, null).distance).toBe(0);
    expect(projector.project(lat, lon, hint).distance).toBeCloseTo(lap, 6);
  });

  it('does not wrap on a point-to-point course', () => {
    const points = courseFromXY([[0, 0], ...line([0, 0], [3000, 0], 50)]).points;
    const projector = new CourseProjector(points);
    expect(projector.isCircuit).toBe(false);
    const start = positionAt(points, 10);
    const hint: ProjectionHint = { distance: metres(2990), segment: 59, reach: metres(200) };
    expect(projector.project(start.lat, start.lon, hint).distance).toBeCloseTo(10, 6);
  });
});

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

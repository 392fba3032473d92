// Shared by the CourseProjector tests: synthetic courses drawn in metres, positions along and beside a
// course, and `ride`, which follows a rider along a course the way the live processor feeds the projector.
import { metresPerDegree } from '../../src/course/geodesy.ts';
import { normaliseCourse } from '../../src/course/normalise.ts';
import type { CoursePoint } from '../../src/course/types.ts';
import type { CourseProjector } from '../../src/live/projection.ts';
import type { Projection, ProjectionHint } from '../../src/live/types.ts';
import { metres } from '../../src/units.ts';
import { track } from '../course/helpers.ts';

// Synthetic courses are drawn in metres east (x) and north (y) of a point in the Alps.
const LAT0 = 45;
const LON0 = 6;
const SCALE = metresPerDegree(LAT0);
export const toLatLon = ([x, y]: [number, number]): [number, number] => [
  LAT0 + y / SCALE.perLat,
  LON0 + x / SCALE.perLon,
];

export function courseFromXY(xy: Array<[number, number]>, lapCount = 1) {
  return normaliseCourse(track(xy.map(toLatLon)), { lapCount });
}

/** A line from (x0, y0) to (x1, y1) sampled every `step` metres, without its first point. */
export function line(from: [number, number], to: [number, number], step: number): Array<[number, number]> {
  const n = Math.max(1, Math.round(Math.hypot(to[0] - from[0], to[1] - from[1]) / step));
  return Array.from({ length: n }, (_, i): [number, number] => [
    from[0] + ((to[0] - from[0]) * (i + 1)) / n,
    from[1] + ((to[1] - from[1]) * (i + 1)) / n,
  ]);
}

/** The position `d` metres along the lap, moved `lateral` metres to the left of the direction of travel. */
export function positionAt(
  points: readonly CoursePoint[],
  d: number,
  lateral = 0,
): { lat: number; lon: number } {
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

export const hintFrom = (p: Projection, reach: number): ProjectionHint => ({
  distance: p.distance,
  segment: p.segment,
  reach: metres(reach),
});

/**
 * Rides the course from `from` to `to` (metres over all laps) in steps, projecting each position with the
 * previous projection as hint (reach: 1 s per 10 m at 25 m/s, plus 50 m), as the live processor does.
 * Returns the distance error of each projection, modulo the lap, and the offsets.
 */
export function ride(
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

export const max = (xs: readonly number[]): number => xs.reduce((m, x) => Math.max(m, x), 0);

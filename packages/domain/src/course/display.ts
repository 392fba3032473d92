// Light-weight views of a lap for maps and charts. The full-precision points stay the reference for
// distances and projection; these only have to look right.
import simplify from 'simplify-js';
import { localFrame } from './geodesy.ts';
import type { CoursePoint } from './types.ts';

/**
 * Douglas–Peucker tolerance in metres: a line within 8 m of the road is indistinguishable from it at any
 * zoom where a stage fits on screen, and brings a 10,000-point stage down to a few hundred points.
 */
export const SIMPLIFY_TOLERANCE = 8;

/** Upper bound on elevation-profile samples: more than a chart is wide in pixels. */
export const MAX_PROFILE_POINTS = 1000;

/**
 * The lap simplified for display, as [lat, lon] pairs. Simplification runs in a local metric frame so the
 * tolerance means metres on the ground at any latitude (degrees of longitude shrink towards the poles).
 * Douglas–Peucker always keeps the first and last points.
 */
export function simplifyForDisplay(
  points: readonly CoursePoint[],
  tolerance: number = SIMPLIFY_TOLERANCE,
): Array<[number, number]> {
  if (points.length === 0) return [];
  let minLat = Number.POSITIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
  }
  const centreLat = (minLat + maxLat) / 2;
  const frame = localFrame(centreLat, points[0]!.lon);
  // simplify-js returns a subset of the very objects it is given; remember which point each came from.
  const projected = points.map((p) => frame.toXY(p.lat, p.lon));
  const indexOf = new Map(projected.map((xy, i) => [xy, i]));
  return simplify(projected, tolerance, true).map((xy) => {
    const p = points[indexOf.get(xy)!]!;
    return [p.lat, p.lon];
  });
}

/**
 * Elevation profile of the lap as [distance, elevation] pairs, at most `maxPoints` long. Short laps keep
 * every point; long ones are resampled at even distance steps (an even x-axis is what a chart wants) from
 * the smoothed elevations, which keeps a col's summit within a metre or two.
 */
export function elevationProfile(
  points: readonly CoursePoint[],
  maxPoints: number = MAX_PROFILE_POINTS,
): Array<[number, number]> {
  if (points.length === 0 || points.some((p) => p.ele === null)) return [];
  if (points.length <= maxPoints) return points.map((p) => [round1(p.distance), round1(p.ele!)]);

  const total = points.at(-1)!.distance;
  const step = total / (maxPoints - 1);
  const out: Array<[number, number]> = [];
  let j = 0;
  for (let k = 0; k < maxPoints; k++) {
    const d = k === maxPoints - 1 ? total : k * step;
    while (j + 2 < points.length && points[j + 1]!.distance <= d) j++;
    const a = points[j]!;
    const b = points[j + 1]!;
    const span = b.distance - a.distance;
    const t = span > 0 ? Math.min(Math.max((d - a.distance) / span, 0), 1) : 0;
    out.push([round1(d), round1(a.ele! + t * (b.ele! - a.ele!))]);
  }
  return out;
}

/** Decimetres are far below what a chart shows and keep the JSON short. */
function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

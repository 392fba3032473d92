// The inverse of snapping: where on the map is "km 120.6"? Used to place checkpoints given by distance.
import type { Metres } from '../units.ts';
import { CourseGeometryError } from './errors.ts';
import { lonDelta } from './geodesy.ts';
import type { CoursePoint } from './types.ts';

/**
 * Position (and elevation) at a distance along the course, interpolated linearly inside the segment that
 * contains it. Distances before the start or past the end are clamped to the first or last point: a
 * checkpoint "at the finish" given as a rounded-up distance should land on the finish, not throw.
 */
export function pointAtDistance(
  points: readonly CoursePoint[],
  distance: Metres,
): { lat: number; lon: number; ele: number | null } {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) throw new CourseGeometryError('The course has no points');
  if (!Number.isFinite(distance))
    throw new CourseGeometryError(`${distance} is not a distance along the course`);
  if (distance <= first.distance) return { lat: first.lat, lon: first.lon, ele: first.ele };
  if (distance >= last.distance) return { lat: last.lat, lon: last.lon, ele: last.ele };

  // Binary search for the last point at or before the distance: distances are non-decreasing.
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.distance <= distance) lo = mid;
    else hi = mid;
  }
  const a = points[lo]!;
  const b = points[hi]!;
  const span = b.distance - a.distance;
  const t = span > 0 ? (distance - a.distance) / span : 0;
  let lon = a.lon + t * lonDelta(a.lon, b.lon);
  if (lon > 180) lon -= 360;
  if (lon < -180) lon += 360;
  const ele = a.ele !== null && b.ele !== null ? a.ele + t * (b.ele - a.ele) : (a.ele ?? b.ele);
  return { lat: a.lat + t * (b.lat - a.lat), lon, ele };
}

// Where does a lat/lon land on the course? Used for waypoints, checkpoints placed on a map, and riders.
import { type Metres, metres } from '../units.ts';
import { CourseGeometryError } from './errors.ts';
import { geodesicDistance, lonDelta, metresPerDegree } from './geodesy.ts';
import type { CoursePoint, SnappedPoint } from './types.ts';

/**
 * When the course passes the same place twice (out-and-back, a lap that reuses a road, a finishing circuit),
 * several legs lie within a road's width and GPS error of the point. Legs whose offset is within this margin
 * of the nearest one are treated as equally plausible, and `nearDistance` picks among them.
 */
const AMBIGUITY_MARGIN = 30;

export interface SnapOptions {
  /**
   * Where along the course the point is expected to be (e.g. a rider's last known distance, or a waypoint's
   * order in the file). Among legs about as close to the point as the nearest one, the leg closest to this
   * distance wins. Without it, the nearest leg wins (the earliest one on exact ties).
   */
  nearDistance?: Metres;
}

interface Candidate {
  segment: number;
  t: number;
  offsetSq: number;
  distance: number;
}

/**
 * Nearest point on the course polyline (projection onto segments, not just vertices), with its interpolated
 * distance along the course. A linear scan in a flat east/north frame centred on the query point: exact
 * enough to rank segments near the point, a few multiplications per segment. The returned offset is geodesic.
 */
export function snapToCourse(
  points: readonly CoursePoint[],
  lat: number,
  lon: number,
  options: SnapOptions = {},
): SnappedPoint {
  const first = points[0];
  if (!first) throw new CourseGeometryError('The course has no points to snap to');
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
    throw new CourseGeometryError(`Cannot place (${lat}, ${lon}) on the course: not a valid position`);
  }
  if (points.length === 1) return finish(first.lat, first.lon, first.distance, lat, lon);

  const { perLat, perLon } = metresPerDegree(lat);
  const candidates: Candidate[] = [];
  let bestOffsetSq = Number.POSITIVE_INFINITY;
  let prevX = lonDelta(lon, first.lon) * perLon;
  let prevY = (first.lat - lat) * perLat;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const x = lonDelta(lon, b.lon) * perLon;
    const y = (b.lat - lat) * perLat;
    // Project the query point (the origin of the frame) onto segment prev→(x, y).
    const dx = x - prevX;
    const dy = y - prevY;
    const lengthSq = dx * dx + dy * dy;
    const t = lengthSq > 0 ? Math.min(Math.max(-(prevX * dx + prevY * dy) / lengthSq, 0), 1) : 0;
    const px = prevX + t * dx;
    const py = prevY + t * dy;
    const offsetSq = px * px + py * py;
    if (offsetSq < bestOffsetSq) bestOffsetSq = offsetSq;
    if (options.nearDistance === undefined) {
      if (offsetSq < (candidates[0]?.offsetSq ?? Number.POSITIVE_INFINITY)) {
        candidates[0] = { segment: i, t, offsetSq, distance: a.distance + t * (b.distance - a.distance) };
      }
    } else {
      candidates.push({ segment: i, t, offsetSq, distance: a.distance + t * (b.distance - a.distance) });
    }
    prevX = x;
    prevY = y;
  }

  const chosen =
    options.nearDistance === undefined
      ? candidates[0]!
      : pickNear(candidates, bestOffsetSq, options.nearDistance);
  const a = points[chosen.segment - 1]!;
  const b = points[chosen.segment]!;
  const snappedLat = a.lat + chosen.t * (b.lat - a.lat);
  const snappedLon = a.lon + chosen.t * lonDelta(a.lon, b.lon);
  return finish(snappedLat, wrapLon(snappedLon), chosen.distance, lat, lon);
}

function pickNear(candidates: readonly Candidate[], bestOffsetSq: number, nearDistance: number): Candidate {
  const limit = Math.sqrt(bestOffsetSq) + AMBIGUITY_MARGIN;
  let chosen: Candidate | undefined;
  for (const c of candidates) {
    if (c.offsetSq > limit * limit) continue;
    if (!chosen || Math.abs(c.distance - nearDistance) < Math.abs(chosen.distance - nearDistance)) chosen = c;
  }
  // The nearest segment always satisfies the limit, so a candidate is always found.
  return chosen!;
}

function wrapLon(lon: number): number {
  return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
}

function finish(
  lat: number,
  lon: number,
  distance: number,
  queryLat: number,
  queryLon: number,
): SnappedPoint {
  return { lat, lon, distance: metres(distance), offset: geodesicDistance(queryLat, queryLon, lat, lon) };
}

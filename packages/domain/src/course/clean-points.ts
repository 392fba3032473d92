// First pass over a raw track: keep only points we can trust, in file order.
import type { TrackPoint } from './types.ts';

/**
 * Elevations outside this range are sensor or file garbage (unset sentinels such as −9999 or 65535): the
 * lowest road is by the Dead Sea (−430 m), the highest under 6,000 m.
 */
const MIN_ELEVATION = -500;
const MAX_ELEVATION = 9000;

/**
 * Two fixes closer than this are the same place: devices repeat the last fix while stopped, and converters
 * emit duplicates at segment joins. Keeping them adds zero-length segments that break slope and projection
 * maths.
 */
const DUPLICATE_DISTANCE_DEG = 1e-7; // ≈ 1 cm

function validCoordinate(p: TrackPoint): boolean {
  if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon)) return false;
  if (p.lat < -90 || p.lat > 90 || p.lon < -180 || p.lon > 180) return false;
  // (0, 0) is what GPS chips and exporters write when they have no fix: nobody races in the Gulf of Guinea.
  if (p.lat === 0 && p.lon === 0) return false;
  return true;
}

function validElevation(ele: number | null): number | null {
  if (ele === null || !Number.isFinite(ele)) return null;
  return ele >= MIN_ELEVATION && ele <= MAX_ELEVATION ? ele : null;
}

/**
 * Drops points with unusable coordinates and consecutive duplicates; an implausible elevation is blanked
 * (the position is still good). Of a run of duplicates the first is kept, with the first elevation seen.
 */
export function cleanTrackPoints(points: readonly TrackPoint[]): TrackPoint[] {
  const kept: TrackPoint[] = [];
  for (const raw of points) {
    if (!validCoordinate(raw)) continue;
    const p: TrackPoint = { lat: raw.lat, lon: raw.lon, ele: validElevation(raw.ele) };
    const last = kept.at(-1);
    if (
      last &&
      Math.abs(last.lat - p.lat) < DUPLICATE_DISTANCE_DEG &&
      Math.abs(last.lon - p.lon) < DUPLICATE_DISTANCE_DEG
    ) {
      if (last.ele === null && p.ele !== null) last.ele = p.ele;
      continue;
    }
    kept.push(p);
  }
  return kept;
}

/**
 * Exporters that have no elevation model often write 0 for every point. A profile that is exactly 0
 * everywhere is "no data", not a course at sea level, so the caller treats it as missing.
 */
export function elevationIsAllZero(points: readonly TrackPoint[]): boolean {
  let seen = false;
  for (const p of points) {
    if (p.ele === null) continue;
    if (p.ele !== 0) return false;
    seen = true;
  }
  return seen;
}

// Small hand-made tracks for the course tests. Along the equator a geodesic is the equator itself, so a
// track from (0, E) to (0, E + x°) has an exact length: the WGS84 semi-major axis × x in radians.
// E keeps the tracks off (0, 0), which normalisation drops as the GPS "no fix" position.
import type { RawTrack, RawWaypoint, TrackPoint } from '../../src/index.ts';

export const WGS84_A = 6378137;
/** Longitude where equator test tracks start. */
export const E = 10;
/** Exact geodesic length of `degrees` of longitude along the equator. */
export const equatorMetres = (degrees: number): number => (WGS84_A * degrees * Math.PI) / 180;

export function track(
  points: Array<[number, number, (number | null)?]>,
  waypoints: RawWaypoint[] = [],
): RawTrack {
  return {
    name: 'Test track',
    points: points.map(([lat, lon, ele]): TrackPoint => ({ lat, lon, ele: ele ?? null })),
    waypoints,
  };
}

/**
 * `count` evenly spaced points along the equator from lon E to lon E + `span`, with elevation from
 * `ele(i, x)` where x is the offset in degrees from the start.
 */
export function equatorLine(
  span: number,
  count: number,
  ele: (i: number, x: number) => number | null = () => null,
): RawTrack {
  const pts: Array<[number, number, number | null]> = [];
  for (let i = 0; i < count; i++) {
    const x = (span * i) / (count - 1);
    pts.push([0, E + x, ele(i, x)]);
  }
  return track(pts);
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so noisy-profile tests never flake. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function waypoint(
  lat: number,
  lon: number,
  name: string,
  extra: Partial<RawWaypoint> = {},
): RawWaypoint {
  return { lat, lon, name, description: null, type: null, ...extra };
}

// Distances on the WGS84 ellipsoid, and a cheap local planar approximation for inner loops.
// Course lengths are what riders and organisers compare to the official figure, so they use exact
// ellipsoidal geodesics (Karney's algorithm). Searching for the nearest segment only needs to rank
// candidates, so it uses a flat local projection that costs a few multiplications per segment.
import geodesicPkg from 'geographiclib-geodesic';
import { type Metres, metres } from '../units.ts';

// geographiclib-geodesic is CommonJS: Node exposes it as a default export only.
const { Geodesic } = geodesicPkg;
const WGS84 = Geodesic.WGS84;
const DISTANCE_ONLY = Geodesic.DISTANCE;

/** Geodesic distance between two points on WGS84. */
export function geodesicDistance(lat1: number, lon1: number, lat2: number, lon2: number): Metres {
  if (lat1 === lat2 && lon1 === lon2) return metres(0);
  return metres(WGS84.Inverse(lat1, lon1, lat2, lon2, DISTANCE_ONLY).s12 ?? 0);
}

/** Longitude difference b − a folded into [−180, 180): a course across the antimeridian stays continuous. */
export function lonDelta(a: number, b: number): number {
  const d = ((((b - a) % 360) + 540) % 360) - 180;
  return d;
}

/**
 * Metres per degree of latitude and longitude at a given latitude on WGS84 (series expansion, accurate to
 * centimetres per degree). Used to build a local east/north frame around a point.
 */
export function metresPerDegree(lat: number): { perLat: number; perLon: number } {
  const phi = (lat * Math.PI) / 180;
  const perLat = 111132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
  const perLon = 111412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi) + 0.118 * Math.cos(5 * phi);
  return { perLat, perLon };
}

/**
 * A flat east/north frame (metres) centred on a reference point. Scale errors grow with the distance from the
 * centre (about 1–2 % 100 km away at mid-latitudes): fine for tolerances and for ranking nearby segments.
 */
export interface LocalFrame {
  toXY(lat: number, lon: number): { x: number; y: number };
}

export function localFrame(lat0: number, lon0: number): LocalFrame {
  const { perLat, perLon } = metresPerDegree(lat0);
  return {
    toXY: (lat, lon) => ({ x: lonDelta(lon0, lon) * perLon, y: (lat - lat0) * perLat }),
  };
}

// Plain-data courses and fixes for the stage-state tests. Straight courses run along the equator, where a
// distance maps exactly to a longitude; circuits are squares placed with pointAtDistance.
import type { TrackPoint } from '../../src/course/types.ts';
import { normaliseCourse, pointAtDistance } from '../../src/index.ts';
import type { CheckpointKindLive, Fix, LiveCheckpoint, LiveCourse } from '../../src/live/types.ts';
import { type EpochMs, epochMs, metres } from '../../src/units.ts';

export const E = 10;
/** Metres per degree of longitude along the equator (WGS84 semi-major axis). */
const M_PER_DEG_LON = (6378137 * Math.PI) / 180;
/** Metres per degree of latitude at the equator (meridian arc). */
const M_PER_DEG_LAT = 110574.3;

/** 10:00:00 on a race day. */
export const T0 = Date.UTC(2025, 5, 14, 10, 0, 0);
export const at = (secondsFromT0: number): EpochMs => epochMs(T0 + secondsFromT0 * 1000);

export interface TestCourse {
  course: LiveCourse;
  /** Position of a rider `distance` metres from the start (over all laps), `north` metres off the line. */
  position(distance: number, north?: number): { lat: number; lon: number };
}

type CheckpointSpec = [id: string, kind: CheckpointKindLive, distance: number];

function checkpoints(specs: CheckpointSpec[], length: number): LiveCheckpoint[] {
  const list = specs.map(([id, kind, distance]) => ({ id, kind, name: id, distance: metres(distance) }));
  if (!list.some((c) => c.kind === 'finish')) {
    list.push({ id: 'finish', kind: 'finish', name: 'Finish', distance: metres(length) });
  }
  return list;
}

/** A straight course of `km` along the equator, one point per `stepM` metres. */
export function straightCourse(km: number, specs: CheckpointSpec[] = [], stepM = 1000): TestCourse {
  const count = Math.round((km * 1000) / stepM) + 1;
  const points: TrackPoint[] = [];
  for (let i = 0; i < count; i++) points.push({ lat: 0, lon: E + (i * stepM) / M_PER_DEG_LON, ele: null });
  const n = normaliseCourse({ name: null, points, waypoints: [] });
  return {
    course: {
      points: n.points,
      lapLength: n.lapLength,
      lapCount: 1,
      length: n.length,
      checkpoints: checkpoints(specs, n.length),
    },
    position: (distance, north = 0) => ({ lat: north / M_PER_DEG_LAT, lon: E + distance / M_PER_DEG_LON }),
  };
}

/** A square circuit of side `sideM`, ridden `laps` times; checkpoint distances are over the whole course. */
export function squareCircuit(sideM: number, laps: number, specs: CheckpointSpec[] = []): TestCourse {
  const dLat = sideM / M_PER_DEG_LAT;
  const dLon = sideM / M_PER_DEG_LON;
  const corners: Array<[number, number]> = [
    [0, E],
    [0, E + dLon],
    [dLat, E + dLon],
    [dLat, E],
    [0, E],
  ];
  const points: TrackPoint[] = [];
  // Ten points per side, as a real course file would have.
  for (let c = 0; c < 4; c++) {
    const [aLat, aLon] = corners[c]!;
    const [bLat, bLon] = corners[c + 1]!;
    for (let k = 0; k < 10; k++)
      points.push({ lat: aLat + ((bLat - aLat) * k) / 10, lon: aLon + ((bLon - aLon) * k) / 10, ele: null });
  }
  points.push({ lat: 0, lon: E, ele: null });
  const n = normaliseCourse({ name: null, points, waypoints: [] }, { lapCount: laps });
  const lap = n.lapLength;
  return {
    course: {
      points: n.points,
      lapLength: lap,
      lapCount: laps,
      length: n.length,
      checkpoints: checkpoints(specs, n.length),
    },
    position: (distance, north = 0) => {
      const p = pointAtDistance(n.points, metres(((distance % lap) + lap) % lap));
      return { lat: p.lat + north / M_PER_DEG_LAT, lon: p.lon };
    },
  };
}

export function fix(
  c: TestCourse,
  riderId: string,
  time: EpochMs,
  distance: number,
  extra: {
    north?: number;
    battery?: number;
    accuracy?: number | null;
    sos?: boolean;
    /** The device's own (Doppler) speed, m/s. */
    speed?: number | null;
  } = {},
): Fix {
  const { lat, lon } = c.position(distance, extra.north ?? 0);
  return {
    riderId,
    time,
    lat,
    lon,
    accuracy: extra.accuracy === undefined ? 5 : extra.accuracy,
    speed: extra.speed ?? null,
    altitude: null,
    battery: extra.battery ?? null,
    ...(extra.sos && { sos: true }),
  };
}

/**
 * Fixes every `everyS` seconds from `fromS` to `toS` (seconds from T0) for a rider whose distance is
 * `distanceAt(s)`, in time order.
 */
export function ride(
  c: TestCourse,
  riderId: string,
  fromS: number,
  toS: number,
  everyS: number,
  distanceAt: (s: number) => number,
): Fix[] {
  const out: Fix[] = [];
  for (let s = fromS; s <= toS + 1e-9; s += everyS) out.push(fix(c, riderId, at(s), distanceAt(s)));
  return out;
}

/** Merges several riders' fixes into one time-ordered stream (stable for equal times). */
export function merge(...streams: Fix[][]): Fix[] {
  return streams.flat().sort((a, b) => a.time - b.time);
}

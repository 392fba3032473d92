// Replays real recorded rides instead of the model: each rider gets one ride, all rides time-shifted to
// start together. Positions are the ride's own (real GPS noise, stops and gaps included); nothing is
// projected on the course, so this fits a race whose course is one of those rides' own track.
import { bearing, haversine } from '../model/geo.ts';
import { finishPlan, type Plan, type PlannedFix, type TruthTrack } from '../plan.ts';
import type { RidePoint } from './gpx.ts';

export interface Ride {
  name: string;
  points: RidePoint[];
}

/** The k-th extra copy of a ride (more riders than rides) is ridden k × 3 % slower, so copies spread out. */
export const COPY_STRETCH = 0.03;
/** A ride at least this fraction of the course long counts as finished when it ends. */
export const FINISHED_FRACTION = 0.98;

/**
 * Truth for a replay is the distance ridden along the ride's own track (capped at the course length): exact
 * for the ride whose track is the course, and a plain odometer for the others.
 */
export function planReplay(
  rides: readonly Ride[],
  riders: number,
  courseLength: number,
  label: (rider: number) => string = (i) => `#${i + 1}`,
): Plan {
  const usable = rides.filter((r) => r.points.length >= 2);
  if (usable.length === 0) throw new Error('No ride with at least two timed points to replay');
  const tracks: TruthTrack[] = [];
  const fixes: PlannedFix[] = [];
  const notes: string[] = [];
  for (let i = 0; i < riders; i++) {
    const ride = usable[i % usable.length]!;
    const stretch = 1 + COPY_STRETCH * Math.floor(i / usable.length);
    const t0 = ride.points[0]!.time;
    const times = ride.points.map((p) => Math.round(((p.time - t0) * stretch) / 1000));
    const odometer = cumulative(ride.points);
    const total = odometer.at(-1)!;
    const finished = total >= FINISHED_FRACTION * courseLength;
    const target = Math.min(courseLength, total);
    const distance = new Float64Array(times.at(-1)! + 1);
    let k = 0;
    let finishTime: number | null = null;
    for (let s = 0; s < distance.length; s++) {
      while (k < times.length - 2 && times[k + 1]! <= s) k++;
      const span = times[k + 1]! - times[k]!;
      const f = span > 0 ? Math.min(1, Math.max(0, (s - times[k]!) / span)) : 1;
      const d = odometer[k]! + f * (odometer[k + 1]! - odometer[k]!);
      distance[s] = Math.min(d, courseLength);
      if (finished && finishTime === null && d >= target) finishTime = s;
    }
    tracks.push({ distance, finishTime, dnfTime: null });
    ride.points.forEach((p, j) => {
      const next = ride.points[j + 1] ?? p;
      const previous = ride.points[j - 1] ?? p;
      const dt = times[Math.min(j + 1, times.length - 1)]! - times[Math.max(j - 1, 0)]! || 1;
      fixes.push({
        rider: i,
        t: times[j]! * 1000,
        sendT: times[j]! * 1000,
        lat: p.lat,
        lon: p.lon,
        accuracy: 5,
        speed: haversine(previous.lat, previous.lon, next.lat, next.lon) / dt,
        altitude: p.ele,
        heading: bearing(previous.lat, previous.lon, next.lat, next.lon),
        battery: Math.max(1, Math.round(100 - (5 * times[j]!) / 3600)),
      });
    });
    notes.push(
      `rider ${label(i)} replays ${ride.name}${stretch > 1 ? ` (${stretch.toFixed(2)}× slower)` : ''}`,
    );
  }
  return finishPlan(tracks, fixes, notes);
}

function cumulative(points: readonly RidePoint[]): number[] {
  const out = [0];
  for (let j = 1; j < points.length; j++) {
    const a = points[j - 1]!;
    const b = points[j]!;
    out.push(out[j - 1]! + haversine(a.lat, a.lon, b.lat, b.lon));
  }
  return out;
}

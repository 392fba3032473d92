// What a rider's phone makes of the true ride: noisy fixes on the phone's own rhythm (its own phase, every
// 1–10 s, slower as the battery drains), silent spells of 10 s to 10 min, offline bursts that arrive late as
// one batch, and on a few phones a clock that is off and drifts.
import type { CoursePosition, SimCourse } from './course.ts';
import { offsetBy } from './geo.ts';
import type { Rng } from './prng.ts';
import type { RiderTrack } from './race.ts';
import type { RiderProfile } from './riders.ts';

export interface PlannedFix {
  rider: number;
  /** When the phone says the fix was taken, ms after the start (its own clock: a drifting one is off). */
  t: number;
  /** When the phone sends it, ms after the start: later than t when it was buffered offline. */
  sendT: number;
  lat: number;
  lon: number;
  /** Reported horizontal accuracy, m. */
  accuracy: number;
  /** m/s */
  speed: number;
  altitude: number | null;
  /** Degrees from north. */
  heading: number;
  /** % */
  battery: number;
}

export interface PhoneOptions {
  noise?: boolean;
  dropouts?: boolean;
  bursts?: boolean;
}

/** A fix in 200 is a multipath outlier about 20 m off. */
export const OUTLIER_PROBABILITY = 0.005;
export const OUTLIER_METRES = [18, 22] as const;
/** Riders who finish keep sending from the finish area for this long, s. */
export const LINGER_SECONDS = 30;
/**
 * Silent spells (nothing sent, ever) and offline bursts (sent late), per rider-hour and length in s. A
 * spell's length is log-uniform: most are a few tens of seconds (a tunnel, a pocket), a few last minutes.
 */
export const DROPOUTS_PER_HOUR = 0.8;
export const DROPOUT_SECONDS = [10, 600] as const;
export const BURSTS_PER_HOUR = 0.25;
export const BURST_SECONDS = [120, 300] as const;

/** After the line riders roll on and brake gently: a time constant of this many seconds, at most this far. */
const ROLL_OUT_TAU_S = 12;
const ROLL_OUT_MAX_M = 150;

/**
 * Seconds between two fixes at a battery level: phones save power as they drain (× 1.5 below 50 %, × 2
 * below 20 %), never slower than one fix every 10 s.
 */
export function intervalAt(baseSeconds: number, battery: number): number {
  const factor = battery < 20 ? 2 : battery < 50 ? 1.5 : 1;
  return Math.min(10, Math.max(baseSeconds, baseSeconds * factor));
}

/** The true distance at `s` seconds (fractional), between the per-second samples. */
function distanceAtSecond(track: RiderTrack, s: number): number {
  const last = track.distance.length - 1;
  if (s >= last) return track.distance[last]!;
  const k = Math.floor(s);
  const f = s - k;
  return track.distance[k]! * (1 - f) + track.distance[k + 1]! * f;
}

/** What a phone's clock says at true ms `t` after the gun. */
function stamped(clock: RiderProfile['clock'], t: number): number {
  if (clock === null) return t;
  return Math.round(t + clock.offsetMs + (clock.driftMsPerHour * t) / 3_600_000);
}

/**
 * Where a finisher's phone is after the line: riders do not stop on it but roll on along the road, which is
 * what lets a tracker interpolate the crossing between a fix before and a fix after the line.
 */
function rolledOut(course: SimCourse, track: RiderTrack, s: number, atLine: CoursePosition): CoursePosition {
  const tf = track.finishTime;
  if (tf === null || s <= tf) return atLine;
  const v = track.speed[Math.min(Math.floor(tf), track.speed.length - 1)] ?? 0;
  const extra = Math.min(ROLL_OUT_MAX_M, v * ROLL_OUT_TAU_S * (1 - Math.exp(-(s - tf) / ROLL_OUT_TAU_S)));
  const heading = course.positionAt(course.length).heading * (Math.PI / 180);
  return {
    ...atLine,
    ...offsetBy(atLine.lat, atLine.lon, extra * Math.sin(heading), extra * Math.cos(heading)),
  };
}

export function phoneFixes(
  rider: number,
  track: RiderTrack,
  profile: RiderProfile,
  course: SimCourse,
  rng: Rng,
  options: PhoneOptions = {},
): PlannedFix[] {
  const lastSample = track.distance.length - 1;
  const end =
    track.finishTime !== null ? Math.ceil(track.finishTime) + LINGER_SECONDS : (track.dnfTime ?? lastSample);
  const hours = end / 3600;
  const windows = (perHour: number, [min, max]: readonly [number, number], logUniform: boolean) => {
    const out: Array<[number, number]> = [];
    const count = rng.poisson(hours * perHour);
    for (let k = 0; k < count && end > 60 + max; k++) {
      const from = rng.int(60, end - max);
      const length = logUniform ? Math.round(min * (max / min) ** rng.next()) : rng.int(min, max);
      out.push([from, from + length]);
    }
    return out;
  };
  const dropouts = options.dropouts === false ? [] : windows(DROPOUTS_PER_HOUR, DROPOUT_SECONDS, true);
  const bursts = options.bursts === false ? [] : windows(BURSTS_PER_HOUR, BURST_SECONDS, false);
  const inside = (s: number, list: Array<[number, number]>) => list.find(([a, b]) => s >= a && s < b);

  const fixes: PlannedFix[] = [];
  let buffered: PlannedFix[] = [];
  const flush = () => {
    // A phone replaying its buffer may send it in any order.
    for (let k = buffered.length - 1; k > 0; k--) {
      const j = Math.floor(rng.next() * (k + 1));
      [buffered[k], buffered[j]] = [buffered[j]!, buffered[k]!];
    }
    fixes.push(...buffered);
    buffered = [];
  };

  const batteryAt = (s: number) => Math.max(1, profile.batteryStart - profile.batteryDrain * (s / 3600));
  // Its own phase: the first fix anywhere within its first interval, to the millisecond.
  for (
    let s = Math.round(rng.uniform(0, profile.fixInterval) * 1000) / 1000;
    s < end || (s === end && track.dnfTime === null);
    s = Math.round((s + intervalAt(profile.fixInterval, batteryAt(s))) * 1000) / 1000
  ) {
    const sample = Math.min(Math.floor(s), lastSample);
    const distance = distanceAtSecond(track, s);
    const trueSpeed = s <= lastSample ? track.speed[sample]! : 0;
    const where = rolledOut(course, track, s, course.positionAt(distance));
    let { lat, lon } = where;
    if (options.noise !== false) {
      const outlier = rng.chance(OUTLIER_PROBABILITY);
      const angle = rng.uniform(0, 2 * Math.PI);
      const radius = outlier
        ? rng.uniform(OUTLIER_METRES[0], OUTLIER_METRES[1])
        : Math.min(profile.accuracy, Math.abs(rng.normal(0, profile.accuracy / 2)) * Math.SQRT2);
      ({ lat, lon } = offsetBy(lat, lon, radius * Math.sin(angle), radius * Math.cos(angle)));
    }
    if (inside(s, dropouts)) continue;
    const burst = inside(s, bursts);
    if (!burst && buffered.length > 0) flush();
    const t = stamped(profile.clock, Math.round(s * 1000));
    const fix: PlannedFix = {
      rider,
      t,
      // Never sent before the phone's own stamp (a fast clock stamps a little ahead).
      sendT: Math.max(t, Math.round((burst ? Math.min(burst[1], end) : s) * 1000)),
      lat,
      lon,
      accuracy: Math.round(profile.accuracy),
      speed: Math.max(0, trueSpeed * (1 + rng.normal(0, 0.03))),
      altitude: where.ele === null ? null : where.ele + rng.normal(0, 4),
      heading: (((where.heading + rng.normal(0, 3)) % 360) + 360) % 360,
      battery: Math.round(batteryAt(s)),
    };
    if (burst) buffered.push(fix);
    else fixes.push(fix);
  }
  flush();
  return fixes;
}

export type Connection = 'good' | 'poor' | 'offline';

export interface IntervalInput {
  /** Ground speed, m/s; null when the last fix had none. */
  speedMps: number | null;
  /** Battery level, %; null when the platform does not tell. */
  batteryPct: number | null;
  charging: boolean;
  /** True while the rider's race is live; before the start and after the finish, positions matter less. */
  racing: boolean;
  connection: Connection;
}

export interface Intervals {
  /** Ask the positioning system for a fix this often, ms. */
  sampleMs: number;
  /** Send what is queued this often, ms (the Sender still drains a backlog at once). */
  batchMs: number;
}

const FAST_MPS = 8; // ≈ 29 km/h: a racing pace, where a second is 8 m or more of gap
const RIDING_MPS = 3; // ≈ 11 km/h: climbing, or riding slowly
const STOPPED_MPS = 1; // below this a GPS speed is mostly noise

/**
 * The sampling and sending intervals for the current conditions. Decided by, in order:
 * - speed while racing: 1 s when fast, 2 s riding, 5 s slow, 10 s stopped (the live feed's gaps and
 *   sprint crossings need the fast samples; a stopped rider needs only to be seen alive);
 * - not racing (before the start, after the finish): at least 10 s, and 30 s when stopped;
 * - battery, unless charging: at most 30 % → at least 5 s, at most 15 % → at least 30 s, so the phone
 *   lasts the stage (the GPS and the radio waking up are what drain it);
 * - sending: every 5 s when racing on a good connection (the live feed is a few seconds behind at
 *   most), 15 s on a poor one, 30 s when not racing, and never more often than sampling; offline, every
 *   60 s (the Sender wakes up at once when the connection returns).
 */
export function adaptiveIntervals(input: IntervalInput): Intervals {
  const speed = input.speedMps ?? 0;
  let sampleMs: number;
  if (speed >= FAST_MPS) sampleMs = 1_000;
  else if (speed >= RIDING_MPS) sampleMs = 2_000;
  else if (speed >= STOPPED_MPS) sampleMs = 5_000;
  else sampleMs = 10_000;

  if (!input.racing) sampleMs = Math.max(sampleMs, speed < STOPPED_MPS ? 30_000 : 10_000);

  const battery = input.batteryPct;
  if (!input.charging && battery !== null) {
    if (battery <= 15) sampleMs = Math.max(sampleMs, 30_000);
    else if (battery <= 30) sampleMs = Math.max(sampleMs, 5_000);
  }

  let batchMs: number;
  if (input.connection === 'offline') batchMs = 60_000;
  else if (!input.racing) batchMs = 30_000;
  else batchMs = input.connection === 'poor' ? 15_000 : 5_000;
  if (!input.charging && battery !== null && battery <= 15) batchMs = Math.max(batchMs, 60_000);

  return { sampleMs, batchMs: Math.max(batchMs, sampleMs) };
}

// Whether a rider's track supports crediting a crossing: a line is timed by interpolating between the two
// fixes either side of it, which is only honest when those fixes are close in time and the rider rode
// between them at a cyclist's speed. Otherwise the crossing goes to the results desk as a review item,
// with the fixes either side as its evidence, instead of becoming a silent time.
import type { EpochMs, Metres } from '../units.ts';
import type { StageStateSettings } from './settings.ts';

export type ReviewReason =
  /** No fix for longer than maxCrossingGapMs around the line (phone off, dead zone, switched on late). */
  | 'data_gap'
  /** The rider covered the ground faster than a cyclist can for that long (carried by a vehicle). */
  | 'implausible_speed';

/** One end of the stretch a crossing would be interpolated on. */
export interface TrackEvidence {
  time: EpochMs;
  distance: Metres;
  /** Null for the stage's start, where no fix placed the rider. */
  lat: number | null;
  lon: number | null;
}

/** A crossing the track does not support: what the results desk decides on. */
export interface ReviewItem {
  riderId: string;
  checkpointId: string;
  reason: ReviewReason;
  /** The time a straight interpolation would give: a hint, never credited on its own. */
  interpolatedTime: EpochMs;
  /** The fixes either side of the line. */
  before: TrackEvidence;
  after: TrackEvidence;
  /** Mean speed over the stretch, or sustained over speedCheckWindowMs when that is what failed, m/s. */
  speed: number;
}

/**
 * A rider's mean speed over the last few minutes, from samples at least SPACING_MS apart: what the
 * speed check uses, so one fast descent between two fixes is not a car, but ten minutes at 80 km/h is.
 */
export class SustainedSpeed {
  static readonly SPACING_MS = 5_000;
  readonly #windowMs: number;
  readonly #times: number[] = [];
  readonly #distances: number[] = [];

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  push(time: number, distance: number): void {
    const last = this.#times.at(-1);
    if (last !== undefined && time - last < SustainedSpeed.SPACING_MS) {
      this.#distances[this.#distances.length - 1] = Math.max(this.#distances.at(-1)!, distance);
      this.#times[this.#times.length - 1] = time;
      return;
    }
    this.#times.push(time);
    this.#distances.push(distance);
    // Keep one sample at or before the window's start, so the window is always spanned.
    while (this.#times.length > 2 && this.#times[1]! <= time - this.#windowMs) {
      this.#times.shift();
      this.#distances.shift();
    }
  }

  /** The samples as plain numbers (oldest first), to save with a rider's track. */
  samples(): Array<[number, number]> {
    return this.#times.map((t, k) => [t, this.#distances[k]!]);
  }

  /** A sustained speed holding saved samples (oldest first). */
  static fromSamples(windowMs: number, samples: ReadonlyArray<readonly [number, number]>): SustainedSpeed {
    const sustained = new SustainedSpeed(windowMs);
    for (const [time, distance] of samples) {
      sustained.#times.push(time);
      sustained.#distances.push(distance);
    }
    return sustained;
  }

  /** Mean speed over (about) the window ending now; null until the samples span most of it. */
  value(): number | null {
    const n = this.#times.length;
    if (n < 2) return null;
    const span = this.#times[n - 1]! - this.#times[0]!;
    if (span < this.#windowMs * 0.8) return null;
    return ((this.#distances[n - 1]! - this.#distances[0]!) * 1000) / span;
  }
}

/**
 * Why a crossing between (t0, d0) and (t1, d1) must not be credited, or null when it may: the stretch
 * spans more than maxCrossingGapMs, or it (or the rider's sustained speed leading to it) is faster than
 * a cyclist rides. `sustained` is the rider's SustainedSpeed value as of the fix at t1.
 */
export function crossingDoubt(
  t0: number,
  d0: number,
  t1: number,
  d1: number,
  sustained: number | null,
  settings: Pick<StageStateSettings, 'maxCrossingGapMs' | 'maxCrossingSpeed' | 'maxSustainedSpeed'>,
): { reason: ReviewReason; speed: number } | null {
  const ms = t1 - t0;
  const speed = ms > 0 ? ((d1 - d0) * 1000) / ms : 0;
  if (ms > settings.maxCrossingGapMs) return { reason: 'data_gap', speed };
  if (speed > settings.maxCrossingSpeed) return { reason: 'implausible_speed', speed };
  if (sustained !== null && sustained > settings.maxSustainedSpeed) {
    return { reason: 'implausible_speed', speed: sustained };
  }
  return null;
}

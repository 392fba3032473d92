// Where a rider is along the course, from noisy fixes at irregular intervals: a constant-velocity Kalman
// filter on (distance, speed). Each fix is weighted by its own accuracy and by how long the phone was
// silent, so a phone reporting every second with 15 m of noise and one reporting every 10 s with 3 m
// converge on the same, smooth estimate. O(1) per fix and per query, no allocation.

/**
 * Random acceleration of a rider, as a white-noise spectral density (m²/s³). Riders change speed by a
 * few m/s over tens of seconds (≤ 0.8 m/s² in a sprint): 0.3 follows a climb, a descent or an attack
 * within a few fixes while still averaging out metres of GPS noise (tuned in one-time-base.test.ts).
 */
const ACCELERATION_NOISE = 0.3;
/** Along the course a fix is off by about half its reported (horizontal, ~95 %) accuracy. */
const ACCURACY_TO_SD = 0.5;
/** When a device reports no accuracy: a typical phone's. */
const DEFAULT_ACCURACY = 10;
/** Never trust a fix to better than this (m), whatever the device claims. */
const MIN_SD = 1.5;
/**
 * A device's speed along the course is off by this much (m/s) plus a share of itself: Doppler speed is good
 * to a few tenths of a m/s, and the road's bends, cut by the course line, make the ground speed a few
 * percent faster than the speed along the course.
 */
const SPEED_SD = 0.4;
const SPEED_SD_FRACTION = 0.04;
/** A device speed this many standard deviations from the filter's is not believed (e.g. 0 for "unknown"). */
const SPEED_GATE = 5;

/** A filter's estimate and covariance, as saved with a rider's track. */
export interface FilterState {
  time: number | null;
  distance: number;
  speed: number;
  pdd: number;
  pdv: number;
  pvv: number;
}

export class AlongCourseFilter {
  /** Time of the estimate (the last fix folded in), ms; NaN before the first. */
  #time = Number.NaN;
  #distance = 0;
  #speed = 0;
  #pdd = 0;
  #pdv = 0;
  #pvv = 0;

  get started(): boolean {
    return !Number.isNaN(this.#time);
  }

  /** Time of the last fix folded in, ms (NaN before the first). */
  get time(): number {
    return this.#time;
  }

  /** Estimated distance at `time`. */
  get distance(): number {
    return this.#distance;
  }

  /** Estimated speed along the course, m/s. */
  get speed(): number {
    return this.#speed;
  }

  /** The whole estimate as plain numbers (time null before the first fix), to save with a rider's track. */
  saved(): FilterState {
    const time = this.started ? this.#time : null;
    return {
      time,
      distance: this.#distance,
      speed: this.#speed,
      pdd: this.#pdd,
      pdv: this.#pdv,
      pvv: this.#pvv,
    };
  }

  /** Takes up a saved estimate exactly. */
  restore(state: FilterState): void {
    this.#time = state.time ?? Number.NaN;
    this.#distance = state.distance;
    this.#speed = state.speed;
    this.#pdd = state.pdd;
    this.#pdv = state.pdv;
    this.#pvv = state.pvv;
  }

  /** Starts from a known place (the start line at the gun), with the given spreads of distance and speed. */
  reset(time: number, distance: number, speed: number, distanceSd: number, speedSd: number): void {
    this.#time = time;
    this.#distance = distance;
    this.#speed = speed;
    this.#pdd = distanceSd * distanceSd;
    this.#pdv = 0;
    this.#pvv = speedSd * speedSd;
  }

  /**
   * Folds in a measured distance (raw, over all laps) taken at `time`, with the fix's accuracy (m) if known,
   * and the speed the device measured (m/s) if it reports one.
   */
  update(time: number, measured: number, accuracy: number | null, speed: number | null = null): void {
    if (!this.started) {
      this.reset(time, measured, 0, (accuracy ?? DEFAULT_ACCURACY) * ACCURACY_TO_SD, 10);
      this.#measureSpeed(speed);
      return;
    }
    const dt = Math.max(0, (time - this.#time) / 1000);
    // Predict: x ← F x, P ← F P Fᵀ + Q for white-noise acceleration.
    const d = this.#distance + this.#speed * dt;
    const q = ACCELERATION_NOISE;
    const pdd = this.#pdd + 2 * dt * this.#pdv + dt * dt * this.#pvv + (q * dt * dt * dt) / 3;
    const pdv = this.#pdv + dt * this.#pvv + (q * dt * dt) / 2;
    const pvv = this.#pvv + q * dt;
    // Update with the measured distance.
    const sd = Math.max(MIN_SD, (accuracy ?? DEFAULT_ACCURACY) * ACCURACY_TO_SD);
    const s = pdd + sd * sd;
    // No outlier gate: the fix filter upstream already drops impossible jumps, and a gate would also clip
    // a phone's first fix long after the gun. A 20 m multipath fix moves the estimate by its gain's share.
    const innovation = measured - d;
    const kd = pdd / s;
    const kv = pdv / s;
    this.#time = Math.max(this.#time, time);
    this.#distance = d + kd * innovation;
    this.#speed = Math.max(0, this.#speed + kv * innovation);
    this.#pdd = (1 - kd) * pdd;
    this.#pdv = (1 - kd) * pdv;
    this.#pvv = pvv - kv * pdv;
    this.#measureSpeed(speed);
  }

  /**
   * A device's own speed (GPS Doppler, a few tenths of a m/s) tells the filter at once that the rider slowed
   * at the foot of a climb or sped up on a descent, which positions alone reveal only a few fixes later: by
   * then a rider carried at its old speed is tens of metres off. Folded in as a second, independent
   * measurement; a speed far from what the positions say (a tracker sending 0 for "unknown") is ignored.
   */
  #measureSpeed(speed: number | null): void {
    if (speed === null || !Number.isFinite(speed) || speed < 0) return;
    const sd = SPEED_SD + SPEED_SD_FRACTION * speed;
    const s = this.#pvv + sd * sd;
    const innovation = speed - this.#speed;
    if (innovation * innovation > SPEED_GATE * SPEED_GATE * s) return;
    const kd = this.#pdv / s;
    const kv = this.#pvv / s;
    this.#distance += kd * innovation;
    this.#speed = Math.max(0, this.#speed + kv * innovation);
    const pdd = this.#pdd - kd * this.#pdv;
    const pdv = this.#pdv - kd * this.#pvv;
    this.#pvv = (1 - kv) * this.#pvv;
    this.#pdd = pdd;
    this.#pdv = pdv;
  }

  /** The estimate carried to `time` at the estimated speed (never backwards in time). */
  at(time: number): number {
    return this.#distance + this.#speed * Math.max(0, (time - this.#time) / 1000);
  }
}

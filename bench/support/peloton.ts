// A deterministic stand-in for a race: each rider rides at a steady speed from a starting offset, may sway
// back and forth a little (moving up and down a bunch), and every fix carries a few metres of GPS error.
// Enough to exercise the live path as a real race does (riders close together, all moving, noisy
// positions), without the simulator's full model.

import { type CoursePoint, metres, pointAtDistance } from '@echelon/domain';
import { mulberry32 } from '@echelon/simulator';

/** Seeded PRNG (the simulator's mulberry32): the same seed gives the same race. */
export const random = mulberry32;

export interface PelotonOptions {
  riders: number;
  /** Metres per second: each rider gets a speed in [min, max]. */
  minSpeed?: number;
  maxSpeed?: number;
  /** Distance of rider i from the start at time 0 is startSpread × i / riders. */
  startSpread?: number;
  /** GPS error, uniform in ±noise metres on each axis. */
  noise?: number;
  seed?: number;
}

export class Peloton {
  readonly riders: number;
  readonly speeds: Float64Array;
  readonly offsets: Float64Array;
  /** Sway within the bunch: amplitude (m), angular frequency (rad/s) and phase per rider. */
  readonly swayAmplitude: Float64Array;
  readonly swayFrequency: Float64Array;
  readonly swayPhase: Float64Array;
  private readonly points: readonly CoursePoint[];
  private readonly length: number;
  private readonly noise: number;
  private readonly rand: () => number;

  constructor(points: readonly CoursePoint[], options: PelotonOptions) {
    this.points = points;
    this.length = points.at(-1)!.distance;
    this.riders = options.riders;
    this.noise = options.noise ?? 5;
    this.rand = random(options.seed ?? 42);
    const min = options.minSpeed ?? 9;
    const max = options.maxSpeed ?? 11;
    const spread = options.startSpread ?? 0;
    this.speeds = new Float64Array(this.riders);
    this.offsets = new Float64Array(this.riders);
    this.swayAmplitude = new Float64Array(this.riders);
    this.swayFrequency = new Float64Array(this.riders);
    this.swayPhase = new Float64Array(this.riders);
    for (let i = 0; i < this.riders; i++) {
      this.speeds[i] = min + (max - min) * this.rand();
      this.offsets[i] = (spread * i) / this.riders;
    }
  }

  /**
   * A road race as spectators watch it: a breakaway, a chasing group, the bunch (three quarters of the
   * field, riding at one speed, riders swaying up and down it) and stragglers, each at their own pace.
   */
  static race(points: readonly CoursePoint[], riders: number, seed = 7): Peloton {
    const peloton = new Peloton(points, { riders, seed });
    const rand = random(seed);
    const breakaway = Math.max(1, Math.round(riders * 0.03));
    const chase = Math.max(1, Math.round(riders * 0.04));
    const stragglers = Math.round(riders * 0.15);
    const bunch = riders - breakaway - chase - stragglers;
    const base = 11;
    for (let i = 0; i < riders; i++) {
      let offset: number;
      let speed: number;
      if (i < breakaway) [offset, speed] = [1500 + 4 * i, base + 0.05];
      else if (i < breakaway + chase) [offset, speed] = [900 + 5 * (i - breakaway), base + 0.02];
      else if (i < breakaway + chase + bunch) [offset, speed] = [500 - 1.5 * (i - breakaway - chase), base];
      else [offset, speed] = [150 - 40 * rand(), base - 0.3 - 0.7 * rand()];
      peloton.offsets[i] = offset;
      peloton.speeds[i] = speed;
      peloton.swayAmplitude[i] = i < breakaway + chase + bunch ? 2 + 8 * rand() : 0;
      peloton.swayFrequency[i] = (2 * Math.PI) / (60 + 120 * rand());
      peloton.swayPhase[i] = 2 * Math.PI * rand();
    }
    return peloton;
  }

  /** True distance of rider i after `seconds` of riding, capped at the finish. */
  distance(i: number, seconds: number): number {
    const sway = this.swayAmplitude[i]! * Math.sin(this.swayFrequency[i]! * seconds + this.swayPhase[i]!);
    return Math.min(Math.max(0, this.offsets[i]! + this.speeds[i]! * seconds + sway), this.length);
  }

  /** A noisy fix of rider i after `seconds` of riding. */
  fix(i: number, seconds: number): { lat: number; lon: number; distance: number } {
    const distance = this.distance(i, seconds);
    const at = pointAtDistance(this.points, metres(distance));
    const east = (this.rand() * 2 - 1) * this.noise;
    const north = (this.rand() * 2 - 1) * this.noise;
    const lat = at.lat + north / 111_132.954;
    const lon = at.lon + east / (111_319.49 * Math.cos((at.lat * Math.PI) / 180));
    return { lat, lon, distance };
  }
}

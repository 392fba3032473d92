// Tunables of the live processor. Values are race configuration; these defaults suit a road stage tracked by
// phones or dedicated GPS trackers sending a fix every 1–10 s.
import { type Metres, metres, seconds } from '../units.ts';
import { CARRY_AFTER_FIX_MS } from './carry.ts';
import type { LiveSettings } from './types.ts';

/** The settings the stage state runs with: the public LiveSettings plus memory/accuracy knobs of the trail. */
export interface StageStateSettings extends LiveSettings {
  /**
   * A rider's time-at-distance trail keeps one sample per this many metres (plus stop boundaries): about
   * 4,000 samples × 8 bytes for a 200 km stage, i.e. ~64 MB for 2,000 riders at worst.
   */
  trailSpacing: Metres;
  /** …and at least one sample per this many ms while the rider barely moves, so stops keep their times. */
  trailMaxIntervalMs: number;
  /** Recent speed is distance over (about) this window of the rider's own fixes. */
  speedWindowMs: number;
  /**
   * Every rider on the road is placed where they are at the tick, not where their last fix was: the smoothed
   * position carried on at the smoothed speed for the fix's age, for at most this long (time-base.ts). Phones
   * report every 1–10 s and miss a fix or two, so a fix up to 30 s old still places a rider to a few metres
   * in a bunch; older than that the rider is stale (the web app greys it from 30 s too) and stays where the
   * carry left it. The web app carries riders on by the same rule (carry.ts).
   */
  extrapolateMs: number;
  /**
   * A line is not timed across a stretch without fixes longer than this: the rider could have stopped,
   * turned back or been carried. Such crossings become review items (see plausibility.ts).
   */
  maxCrossingGapMs: number;
  /** …nor on a stretch ridden faster than this (m/s) between the two fixes either side of it… */
  maxCrossingSpeed: number;
  /** …nor while the rider's mean speed over speedCheckWindowMs is above this (m/s): a vehicle, not a bike. */
  maxSustainedSpeed: number;
  speedCheckWindowMs: number;
}

/**
 * groupGapSeconds is 5, not the 1 s of finish-line timing nor a tighter 3: live gaps come from GPS fixes a few
 * seconds apart with 5–10 m of error, so each rider's time at a distance is interpolated and can be off by a
 * second or two; two riders' errors add up. At 3 s a steady bunch would flicker into spurious groups; 5 s
 * (~60 m at 45 km/h) is above that noise and still splits real echelons and breakaways.
 */
export const DEFAULT_LIVE_SETTINGS: Readonly<StageStateSettings> = Object.freeze({
  groupGapSeconds: seconds(5),
  signalLostAfterMs: 60_000,
  stoppedSpeed: 1.0,
  stoppedAfterMs: 60_000,
  offCourseDistance: metres(100),
  offCourseAfterMs: 30_000,
  maxSpeed: 30,
  trailSpacing: metres(50),
  trailMaxIntervalMs: 30_000,
  speedWindowMs: 30_000,
  extrapolateMs: CARRY_AFTER_FIX_MS,
  // Two minutes: phones report every 1–10 s, so a longer silence is a dropout, not a slow phone.
  maxCrossingGapMs: 120_000,
  // 100 km/h between two fixes is a fast descent at most; 72 km/h held for five minutes is a vehicle
  // (a pro bunch's fastest finales average 55–60 km/h).
  maxCrossingSpeed: 28,
  maxSustainedSpeed: 20,
  speedCheckWindowMs: 300_000,
});

export function resolveSettings(overrides: Partial<StageStateSettings> = {}): StageStateSettings {
  const merged: StageStateSettings = { ...DEFAULT_LIVE_SETTINGS };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}

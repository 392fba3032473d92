// What a simulation will send and what really happened, whichever way it was made (model or replay).
import type { PlannedFix } from './model/phone.ts';

export type { PlannedFix };

/** One rider's true progress: distance along the course (all laps), m, at t = 0, 1, 2 … s after the start. */
export interface TruthTrack {
  distance: Float64Array;
  /** Seconds after the start the rider crossed the finish line, or null. */
  finishTime: number | null;
  /** Seconds after the start the rider abandoned, or null. */
  dnfTime: number | null;
}

export interface Plan {
  /** Indexed like the riders. */
  tracks: TruthTrack[];
  /** Every fix to send, in sending order (by sendT; a buffered burst keeps its shuffled order). */
  fixes: PlannedFix[];
  /** ms from the start to the last fix sent. */
  durationMs: number;
  /** Human-readable lines about what the plan contains (incidents, attacks, rides). */
  notes: string[];
}

/** Sorts fixes into sending order (stable) and measures the plan. */
export function finishPlan(tracks: TruthTrack[], fixes: PlannedFix[], notes: string[]): Plan {
  const sorted = fixes
    .map((fix, order) => ({ fix, order }))
    .sort((a, b) => a.fix.sendT - b.fix.sendT || a.order - b.order)
    .map(({ fix }) => fix);
  const lastSample = Math.max(0, ...tracks.map((t) => (t.distance.length - 1) * 1000));
  const lastSend = sorted.reduce((max, f) => Math.max(max, f.sendT, f.t), 0);
  return { tracks, fixes: sorted, durationMs: Math.max(lastSample, lastSend), notes };
}

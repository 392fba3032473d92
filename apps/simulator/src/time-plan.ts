// Simulated time against the wall clock. The race runs `speedup` times faster than real time, and the
// server refuses fixes stamped in the future, so the simulated race is placed in the past: it starts
// long enough ago that, running fast, it catches up with the wall clock exactly at the end of the run.
//
//   event time of a fix taken t ms into the race:   simStart + t
//   wall time at which it is due to be sent:        runStart + t / speedup
//   simStart = runStart + duration / speedup − duration − margin
//
// so event − wall = (t − duration)(1 − 1/speedup) − margin ≤ 0 for every t ≤ duration when speedup ≥ 1.

export interface TimePlan {
  /** Wall clock (epoch ms) when sending began. */
  runStart: number;
  /** Epoch ms of the simulated start gun: a whole second. */
  simStart: number;
  speedup: number;
  /** Simulated ms from the start to the last fix. */
  durationMs: number;
  /** Wall clock (epoch ms) when the last fix is due. */
  runEnd: number;
}

/** Fixes are stamped at least this long before they are sent, against clock skew and slow requests. */
export const SAFETY_MARGIN_MS = 2000;

export function planTime(runStart: number, durationMs: number, speedup: number): TimePlan {
  if (!(speedup >= 1)) throw new RangeError('speedup must be at least 1');
  const realDuration = durationMs / speedup;
  const simStart = Math.floor((runStart + realDuration - durationMs - SAFETY_MARGIN_MS) / 1000) * 1000;
  return { runStart, simStart, speedup, durationMs, runEnd: runStart + realDuration };
}

/** Epoch ms a fix taken `t` ms into the race is stamped with. */
export function eventTime(plan: TimePlan, t: number): number {
  return plan.simStart + t;
}

/** Wall clock (epoch ms) at which something `t` simulated ms into the race is due. */
export function wallTime(plan: TimePlan, t: number): number {
  return plan.runStart + t / plan.speedup;
}

/** Simulated ms into the race at a wall-clock instant. */
export function simulatedAt(plan: TimePlan, wall: number): number {
  return (wall - plan.runStart) * plan.speedup;
}

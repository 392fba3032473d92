// Line crossings from GPS: the time a rider passed a distance, interpolated between the two fixes that
// straddle it (rules §6, scenario 27), and the checkpoints in the order a rider meets them.
import { localFrame } from '../course/geodesy.ts';
import type { CoursePoint } from '../course/types.ts';
import type { LiveCheckpoint } from './types.ts';

/**
 * The time at which distance `at` was passed, on the straight line between (t0, d0) and (t1, d1) with
 * d0 < at ≤ d1. Fixes at 100 s, 40 m before the line, and 105 s, 15 m after it → 103.636 s.
 */
export function interpolateCrossing(t0: number, d0: number, t1: number, d1: number, at: number): number {
  if (d1 <= d0) return t1;
  return t0 + ((t1 - t0) * (at - d0)) / (d1 - d0);
}

/** Checkpoints sorted by distance (stable for equal distances), as a rider meets them. */
export function checkpointsInOrder(checkpoints: readonly LiveCheckpoint[]): LiveCheckpoint[] {
  return checkpoints
    .map((checkpoint, index) => ({ checkpoint, index }))
    .sort((a, b) => a.checkpoint.distance - b.checkpoint.distance || a.index - b.index)
    .map(({ checkpoint }) => checkpoint);
}

/**
 * How far a position lies beyond the last point of the lap, along the direction of the last segment (0 when
 * not beyond). A projection clamps a rider past the finish of a point-to-point course onto the finish itself;
 * this recovers the overshoot so the finish crossing can still be interpolated between the straddling fixes.
 */
export function overshootBeyondEnd(points: readonly CoursePoint[], lat: number, lon: number): number {
  const a = points.at(-2);
  const b = points.at(-1);
  if (!a || !b) return 0;
  const frame = localFrame(b.lat, b.lon);
  const from = frame.toXY(a.lat, a.lon);
  const p = frame.toXY(lat, lon);
  const length = Math.hypot(from.x, from.y);
  if (length === 0) return 0;
  // Direction a → b is −from (b is the frame's origin).
  return Math.max(0, -(p.x * from.x + p.y * from.y) / length);
}

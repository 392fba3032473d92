// Time gaps from positions (rules §6, scenario 28): the time a rider reached its distance minus the time the
// rider ahead passed that same distance — never distance ÷ speed. Scoring measures recorded tracks with
// it; the live standings measure every rider at the tick's instant instead (time-base.ts).
import type { RiderTrack } from './rider-track.ts';

/**
 * Seconds `rider` is behind `ahead` at the rider's current distance: when the rider was last seen there
 * minus when `ahead` passed it (from ahead's trail). Null when unknown (not tracked, or ahead's trail does
 * not reach that far). Never negative: a rider last seen before `ahead` passed (lost signal, then caught)
 * is level, not ahead.
 */
export function timeBehind(ahead: RiderTrack, rider: RiderTrack): number | null {
  const at = rider.positionTime;
  if (at === null) return null;
  const passed = ahead.trail.timeAt(rider.distance);
  if (passed === null) return null;
  return Math.max(0, (at - passed) / 1000);
}

// Time gaps from positions (rules §6, scenario 28): the time a rider reached its distance minus the time the
// rider ahead passed that same distance — never distance ÷ speed. Scoring measures recorded tracks with
// it; the live standings measure every rider at the tick's instant instead (time-base.ts).
import type { RiderTrack } from './rider-track.ts';

/**
 * Seconds `rider` is behind `ahead` at the head of the rider's trail: when the rider was last seen there
 * minus when `ahead` passed it (from ahead's trail). The head's time and distance go together: the trail
 * records the smoothed distance, which may stand behind the furthest raw fix (`rider.distance`, pushed
 * forward by a fix's noise), and the rider was not at that distance at the head's time. Null when
 * unknown (not tracked, or ahead's trail does not reach that far). Never negative: a rider last seen
 * before `ahead` passed (lost signal, then caught) is level, not ahead.
 */
export function timeBehind(ahead: RiderTrack, rider: RiderTrack): number | null {
  const head = rider.trail.headState();
  if (head === null) return null;
  const passed = ahead.trail.timeAt(head.distance);
  if (passed === null) return null;
  return Math.max(0, (head.time - passed) / 1000);
}

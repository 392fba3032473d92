// Estimated arrival at a distance: from where and when the rider was last placed, at its recent speed
// (rules §6: remaining distance ÷ recent speed — fine for ETAs, never for gaps).

/**
 * When a rider last placed at `distance` at `positionTime` should reach `target`, at `speed` m/s. Null when
 * the speed is unknown or below `minSpeed` (a stopped rider has no ETA, not an infinite one).
 */
export function estimateArrival(
  positionTime: number | null,
  distance: number,
  target: number,
  speed: number | null,
  minSpeed: number,
): number | null {
  if (positionTime === null || speed === null || !(speed >= minSpeed) || speed <= 0) return null;
  return positionTime + (Math.max(0, target - distance) / speed) * 1000;
}

// Lap counting on a circuit: the projector gives a distance within one lap; which lap is it on?

import { PROJECTION_BACK_TOLERANCE as BACK_TOLERANCE } from './projection.ts';

/**
 * On a circuit, whether a move of `delta` within the lap is really a move onto the next lap (+1), back over
 * the line onto the previous one (−1) or neither (0): among the readings in the continuity window
 * [−BACK_TOLERANCE, reach], the one closest to the progress `expected` from the rider's recent speed. With
 * fixes seconds apart this is "the within-lap distance dropped by more than half a lap"; after a long gap it
 * still reads a 1,960 m advance on a 2 km lap as progress when the rider was riding, not as a step back.
 */
export function lapShift(delta: number, lapLength: number, reach: number, expected: number): number {
  let best = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const shift of [0, 1, -1]) {
    const d = delta + shift * lapLength;
    const inWindow = d >= -BACK_TOLERANCE && d <= reach;
    const cost = (inWindow ? 0 : 1e12) + Math.abs(d - expected);
    if (cost < bestCost) {
      bestCost = cost;
      best = shift;
    }
  }
  return best;
}

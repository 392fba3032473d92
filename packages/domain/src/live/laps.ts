// Lap counting on a circuit: the projector gives a distance within one lap; which lap is it on?

import { PROJECTION_BACK_TOLERANCE as BACK_TOLERANCE } from './projection.ts';

/**
 * On a circuit, how many laps a move of `delta` within the lap really covers: onto the next lap (+1), back
 * over the line onto the previous one (−1), neither (0) — or several, when the phone was silent for laps:
 * among the readings in the continuity window [−BACK_TOLERANCE, reach], the one closest to the progress
 * `expected` from the rider's recent speed over the time since. With fixes seconds apart this is "the
 * within-lap distance dropped by more than half a lap"; after a long gap it still reads a 1,960 m advance on
 * a 2 km lap as progress when the rider was riding, not as a step back, and a phone silent for three laps of
 * a criterium as three laps and a bit, not one (the crossings inside the silence go to review, see
 * plausibility.ts).
 */
export function lapShift(delta: number, lapLength: number, reach: number, expected: number): number {
  let best = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  const most = Math.max(1, Math.ceil((reach - delta) / lapLength));
  for (let shift = -1; shift <= most; shift++) {
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

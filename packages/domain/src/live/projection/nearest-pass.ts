// The fallback rule: the nearest candidate, when there is no hint or nothing in the continuity window is
// near the fix. Where the course passes a place more than once (out-and-back, figure-8, laps), "nearest"
// alone would flip between passes on GPS noise, so near ties are settled along the course instead.
import type { Candidates } from './candidates.ts';
import { SAME_PASS, TIE_MARGIN } from './tuning.ts';

/**
 * The nearest candidate, except that when another pass of the course lies about as near (within
 * TIE_MARGIN), the pass closest along the course to the previous distance h (with a hint) or the earliest
 * pass (h null) wins, at its own nearest segment. `nearest` is the candidate index of the nearest segment.
 */
export function pickNearest(candidates: Candidates, nearest: number, h: number | null): number {
  const { offsetSq, distance, count } = candidates;
  const limit = Math.sqrt(offsetSq[nearest]!) + TIE_MARGIN;
  const limitSq = limit * limit;
  let pass = nearest;
  let passKey = tieKey(candidates, distance[nearest]!, h);
  for (let k = 0; k < count; k++) {
    if (offsetSq[k]! > limitSq) continue;
    const key = tieKey(candidates, distance[k]!, h);
    if (key < passKey) {
      pass = k;
      passKey = key;
    }
  }
  // Neighbouring segments of one pass are also within the margin near a bend: settle on the pass, then
  // on its nearest segment, so a fix by a bend is not pulled back to the earlier segment.
  const passDistance = distance[pass]!;
  let chosen = pass;
  for (let k = 0; k < count; k++) {
    if (offsetSq[k]! < offsetSq[chosen]! && Math.abs(distance[k]! - passDistance) <= SAME_PASS) {
      chosen = k;
    }
  }
  return chosen;
}

/** Which pass wins a tie: the smaller key. Without a hint the earliest; with one, the nearest to it. */
function tieKey(candidates: Candidates, d: number, h: number | null): number {
  if (h === null) return d;
  const apart = Math.abs(d - h);
  return candidates.circuit ? Math.min(apart, candidates.lap - apart) : apart;
}

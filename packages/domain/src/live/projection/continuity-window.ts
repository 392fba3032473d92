// The continuity window: with a hint (the rider's previous distance), the fix most likely lies from a little
// behind it (GPS noise, a rider stopped) to as far ahead as the rider can have ridden (`reach`), wrapping
// past the end of a circuit onto its start. This is what keeps the two sides of an out-and-back, the two
// branches of a figure-8 and the end of one lap and the start of the next apart.
//
// It is also the fast path: most fixes land a few metres ahead of the previous one, so walking the segments
// of the window out from the hint's segment finds them without the spatial index.
import type { Candidates } from './candidates.ts';
import * as tuning from './tuning.ts';

// Module-local copies of the tuning: V8 reloads an imported binding (a live binding) on every use but folds
// a module's own constants into optimised code. Importing them directly measured ~10% slower.
const BACKWARD_WEIGHT = tuning.BACKWARD_WEIGHT;
const CANDIDATE_MARGIN = tuning.CANDIDATE_MARGIN;
const FORWARD_WEIGHT = tuning.FORWARD_WEIGHT;
const PROJECTION_BACK_TOLERANCE = tuning.PROJECTION_BACK_TOLERANCE;
const WALK_LIMIT = tuning.WALK_LIMIT;

export class ContinuityWindow {
  /** Squared offset of the nearest in-window candidate, set by `pick` (+∞ when none is in the window). */
  bestOffsetSq = 0;
  private readonly candidates: Candidates;

  constructor(candidates: Candidates) {
    this.candidates = candidates;
  }

  /** The hint's distance brought onto the lap: wrapped on a circuit, clamped to the course otherwise. */
  normaliseHintDistance(distance: number): number {
    const course = this.candidates;
    const start = course.dist[0]!;
    const lap = course.lap;
    if (course.circuit && lap > 0) {
      const r = (distance - start) % lap;
      return start + (r < 0 ? r + lap : r);
    }
    return Math.min(Math.max(distance, start), start + lap);
  }

  /** The hint's segment when it holds the hint's distance, else the segment found by distance. */
  startSegment(h: number, segment: number): number {
    const dist = this.candidates.dist;
    const segments = this.candidates.segments;
    if (Number.isInteger(segment) && segment >= 0 && segment < segments) {
      if (dist[segment]! <= h && h <= dist[segment + 1]!) return segment;
    }
    let lo = 0;
    let hi = segments - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (dist[mid]! <= h) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Collects every segment overlapping the window into the candidates, walking out from `start`. False
   * when the window spans too many segments (a long gap): the index is quicker then.
   */
  walk(h: number, reach: number, start: number): boolean {
    const candidates = this.candidates;
    const dist = candidates.dist;
    const m = candidates.segments;
    const lap = candidates.lap;
    const circuit = candidates.circuit;
    const windowStart = h - PROJECTION_BACK_TOLERANCE;
    const windowEnd = h + reach;
    candidates.count = 0;
    let visited = 0;

    let i = start;
    let shift = 0;
    while (dist[i]! + shift <= windowEnd) {
      if (++visited > WALK_LIMIT) return false;
      candidates.add(i);
      if (++i === m) {
        if (!circuit) break;
        i = 0;
        shift += lap;
      }
      if (visited >= m) return true;
    }

    i = start - 1;
    shift = 0;
    while (visited < m) {
      if (i < 0) {
        if (!circuit) break;
        i = m - 1;
        shift -= lap;
      }
      if (dist[i + 1]! + shift < windowStart) break;
      if (++visited > WALK_LIMIT) return false;
      candidates.add(i);
      i--;
    }
    return true;
  }

  /**
   * The best in-window candidate (index into the candidate buffers), or −1 when none is in the window: among
   * those within CANDIDATE_MARGIN of the nearest in-window one, the lowest offset + progress cost.
   */
  pick(h: number, reach: number): number {
    const count = this.candidates.count;
    const offsets = this.candidates.offsetSq;
    const distances = this.candidates.distance;
    let bestOffsetSq = Number.POSITIVE_INFINITY;
    for (let k = 0; k < count; k++) {
      const offsetSq = offsets[k]!;
      if (offsetSq < bestOffsetSq && !Number.isNaN(this.progress(distances[k]!, h, reach))) {
        bestOffsetSq = offsetSq;
      }
    }
    this.bestOffsetSq = bestOffsetSq;
    if (bestOffsetSq === Number.POSITIVE_INFINITY) return -1;
    const limit = Math.sqrt(bestOffsetSq) + CANDIDATE_MARGIN;
    const limitSq = limit * limit;
    let chosen = -1;
    let chosenCost = Number.POSITIVE_INFINITY;
    for (let k = 0; k < count; k++) {
      const offsetSq = offsets[k]!;
      if (offsetSq > limitSq) continue;
      const delta = this.progress(distances[k]!, h, reach);
      if (Number.isNaN(delta)) continue;
      const cost = Math.sqrt(offsetSq) + (delta >= 0 ? delta * FORWARD_WEIGHT : -delta * BACKWARD_WEIGHT);
      if (cost < chosenCost) {
        chosenCost = cost;
        chosen = k;
      }
    }
    return chosen;
  }

  /**
   * Progress from the previous distance h to d, signed (negative: behind), when d lies in the window, else
   * NaN. On a circuit the window wraps over the seam in both directions.
   */
  private progress(d: number, h: number, reach: number): number {
    let best = Number.NaN;
    let bestCost = Number.POSITIVE_INFINITY;
    const shifts = this.candidates.circuit ? 3 : 1;
    const lap = this.candidates.lap;
    for (let s = 0; s < shifts; s++) {
      const delta = d - h + (s === 0 ? 0 : s === 1 ? lap : -lap);
      if (delta < -PROJECTION_BACK_TOLERANCE || delta > reach) continue;
      const cost = delta >= 0 ? delta * FORWARD_WEIGHT : -delta * BACKWARD_WEIGHT;
      if (cost < bestCost) {
        bestCost = cost;
        best = delta;
      }
    }
    return best;
  }
}

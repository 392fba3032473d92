// Live ranking: finishers by finish time, then riders on the road by distance (laps included), then DNF
// decisions, then riders not started. Competition ranking on ties (1, 2, 2, 4).
import type { RiderTrack } from './rider-track.ts';
import type { RiderCondition } from './types.ts';

const FINISHED = 0;
const ON_ROAD = 1;
const DNF = 2;
const NOT_STARTED = 3;

export function rankClass(condition: RiderCondition): number {
  switch (condition) {
    case 'finished':
      return FINISHED;
    case 'dnf':
      return DNF;
    case 'not_started':
      return NOT_STARTED;
    default:
      return ON_ROAD;
  }
}

export interface Ranked {
  /** Indices into the input, best first. */
  order: number[];
  /** 1-based competition rank, per input index. */
  ranks: Int32Array;
}

/**
 * Orders riders in O(n log n); equal class and key share a rank, input order breaks display ties. Riders on
 * the road are ordered by `distances` (where each is now, see StageState), finishers by finish time.
 */
export function rankRiders(
  riders: readonly RiderTrack[],
  conditions: readonly RiderCondition[],
  distances: ArrayLike<number>,
): Ranked {
  const n = riders.length;
  const classes = new Int8Array(n);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = rankClass(conditions[i]!);
    classes[i] = c;
    const r = riders[i]!;
    keys[i] = c === FINISHED ? r.finishTime! : c === NOT_STARTED ? 0 : -distances[i]!;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => classes[a]! - classes[b]! || keys[a]! - keys[b]! || a - b);
  const ranks = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const i = order[p]!;
    const prev = p > 0 ? order[p - 1]! : -1;
    ranks[i] = prev >= 0 && classes[prev] === classes[i] && keys[prev] === keys[i] ? ranks[prev]! : p + 1;
  }
  return { order, ranks };
}

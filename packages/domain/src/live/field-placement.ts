// Where every rider on the road is at one tick, and in what order (time-base.ts has the rules): the leader
// first, by its own estimate; then everyone behind, carried along the leader's passage; ranked on that.
import { companionOffset, LeaderPassage } from './leader-passage.ts';
import { rankClass, rankRiders } from './ranking.ts';
import type { RiderTrack } from './rider-track.ts';
import { estimateBehind, estimatePosition } from './time-base.ts';
import type { RiderCondition } from './types.ts';

/** Riders this close behind the leader's estimate (m) are asked whether they ride with it. */
const COMPANION_REACH_M = 150;
/** A companion's fix must be at least this much newer than the leader's (ms) to place the leader. */
const COMPANION_FRESHER_MS = 2000;
/** A companion passed where the rider was last seen within this long of it (ms): they rode together. */
const TOGETHER_MS = 5000;
/** At most this many riders at the front are placed by a companion at one tick. */
const MAX_FRONT_PLACEMENTS = 8;

export interface FieldPlacement {
  /** Per rider: the estimate at the tick for riders on the road, else the distance reached. */
  distances: number[];
  /** Indices into the riders, best first. */
  order: number[];
  /** 1-based competition rank per rider index. */
  ranks: Int32Array;
  /** The leader's passage the gaps are measured on; null when nobody is on the road or finished. */
  leader: LeaderPassage | null;
}

export function placeField(
  riders: readonly RiderTrack[],
  conditions: readonly RiderCondition[],
  now: number,
  carryMs: number,
  limit: number,
  companionGapSeconds: number,
): FieldPlacement {
  const onRoad = (i: number) => rankClass(conditions[i]!) === 1;
  const distances = riders.map((r, i) => (onRoad(i) ? estimatePosition(r, now, carryMs, limit) : r.distance));
  // Riders on the road, for the leader's companions.
  const byDistance: number[] = [];
  for (let i = 0; i < riders.length; i++) if (onRoad(i)) byDistance.push(i);
  const own = distances.slice();
  let first = front(riders, conditions, distances);
  // Riders carried level at the front (a whole breakaway whose phones went quiet together) are placed by a
  // fresher companion one after the other, until the one in front is placed by the freshest news.
  const placed = new Set<number>();
  while (first !== undefined && onRoad(first) && !placed.has(first) && placed.size < MAX_FRONT_PLACEMENTS) {
    placed.add(first);
    const placedAt = byFresherCompanion(
      riders,
      conditions,
      own,
      first,
      byDistance,
      0,
      byDistance.length,
      now,
      carryMs,
      limit,
    );
    if (placedAt === null) break;
    distances[first] = placedAt;
    first = front(riders, conditions, distances);
  }
  if (first === undefined || rankClass(conditions[first]!) > 1) {
    return { distances, ...rankRiders(riders, conditions, distances), leader: null };
  }
  const leader = new LeaderPassage(riders[first]!, distances[first]!, now, carryMs);
  // Its companions: riders seen recently, riding within companionGapSeconds of it at the tick.
  for (let i = 0; i < riders.length; i++) {
    const r = riders[i]!;
    if (i === first || !onRoad(i) || distances[i]! < leader.estimate - COMPANION_REACH_M) continue;
    if (conditions[i] !== 'racing' || now - r.motion.time > carryMs) continue;
    const offset = companionOffset(leader, r, distances[i]!, now);
    if (offset !== null && Math.abs(offset) <= companionGapSeconds) leader.addCompanion(r, offset);
  }
  for (let i = 0; i < riders.length; i++) {
    if (i === first || !onRoad(i)) continue;
    distances[i] = estimateBehind(riders[i]!, leader, now, carryMs, limit) ?? distances[i]!;
  }
  const { order, ranks } = rankRiders(riders, conditions, distances);
  // Nobody is carried past the leader, but a rider carried level with it may sort before it: the leader
  // stays first among those level.
  const at = order.indexOf(first);
  if (at > 0 && ranks[order[0]!] === ranks[first]) {
    order.splice(at, 1);
    order.unshift(first);
  }
  return { distances, order, ranks, leader };
}

/** The rider rankRiders would put first, in O(n): the first finisher, else the furthest on the road. */
function front(
  riders: readonly RiderTrack[],
  conditions: readonly RiderCondition[],
  distances: readonly number[],
): number | undefined {
  let best: number | undefined;
  let bestClass = Number.POSITIVE_INFINITY;
  let bestKey = Number.POSITIVE_INFINITY;
  for (let i = 0; i < riders.length; i++) {
    const c = rankClass(conditions[i]!);
    if (c > 1 || c > bestClass) continue;
    const key = c === 0 ? riders[i]!.finishTime! : -distances[i]!;
    if (c < bestClass || key < bestKey) {
      best = i;
      bestClass = c;
      bestKey = key;
    }
  }
  return best ?? (riders.length > 0 ? rankRiders(riders, conditions, distances).order[0] : undefined);
}

/**
 * A rider's estimate from a companion whose phone reported since the rider's did: a rider carried for 20 s
 * is tens of metres off where the road climbed meanwhile (its pace against the leader's changes there too),
 * while a rider beside it was seen a second ago. The rider was some seconds ahead of that companion (or
 * behind it) where the rider was last seen — the companion's trail says when it got there, within
 * TOGETHER_MS of the rider — and still is, so it is where the companion is that many seconds later (or
 * earlier). Carried, like any estimate, for at most `carryMs` after the rider's last fix: a stale rider stays
 * where its carry left it. Companions are looked for among `pool[lo..hi)`; the freshest is asked. Null when
 * none knows better.
 */
function byFresherCompanion(
  riders: readonly RiderTrack[],
  conditions: readonly RiderCondition[],
  distances: readonly number[],
  target: number,
  pool: readonly number[],
  lo: number,
  hi: number,
  now: number,
  carryMs: number,
  limit: number,
): number | null {
  const r = riders[target]!;
  if (!r.motion.started) return null;
  const seen = r.motion.time;
  if (now - seen <= COMPANION_FRESHER_MS) return null;
  const where = r.motion.distance;
  let best = -1;
  let bestPassed = 0;
  for (let k = lo; k < hi; k++) {
    const i = pool[k]!;
    const c = riders[i]!;
    if (i === target || conditions[i] !== 'racing' || !c.motion.started) continue;
    if (c.motion.time <= seen + COMPANION_FRESHER_MS || now - c.motion.time > carryMs) continue;
    if (Math.abs(distances[i]! - distances[target]!) > COMPANION_REACH_M) continue;
    if (best >= 0 && c.motion.time <= riders[best]!.motion.time) continue;
    const passed = c.trail.timeAt(where);
    if (passed === null || Math.abs(passed - seen) > TOGETHER_MS) continue;
    best = i;
    bestPassed = passed;
  }
  if (best < 0) return null;
  const companion = riders[best]!;
  // When the companion is where the rider is (or was, when its carry stopped).
  const when = Math.min(now, seen + carryMs) + (bestPassed - seen);
  const there =
    when <= companion.trail.headTime!
      ? companion.trail.distanceAt(when)
      : distances[best]! + (companion.motion.speed * (when - now)) / 1000;
  return there === null ? null : Math.max(0, Math.min(limit, there));
}

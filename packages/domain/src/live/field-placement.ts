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
  let first = rankRiders(riders, conditions, distances).order[0];
  // Riders carried level at the front (a whole breakaway whose phones went quiet together) are placed by a
  // fresher companion one after the other, until the one in front is placed by the freshest news.
  const placed = new Set<number>();
  while (first !== undefined && onRoad(first) && !placed.has(first) && placed.size < MAX_FRONT_PLACEMENTS) {
    placed.add(first);
    const front = frontByCompanion(riders, conditions, distances, first, now, carryMs, limit);
    if (front === null) break;
    distances[first] = front;
    first = rankRiders(riders, conditions, distances).order[0];
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

/**
 * The leader's estimate from a companion whose phone reported since the leader's did: a leader carried for
 * 20 s at the speed of its last fix can be tens of metres off where the road climbed meanwhile, while a rider
 * beside it was seen a second ago. The leader was some seconds ahead of that companion (or behind it) where
 * the leader was last seen (the companion's trail says when it got there); it still is, so it is where the
 * companion is that many seconds later (or earlier). Carried, like any estimate, for at most `carryMs` after the leader's
 * last fix: a stale leader stays where its carry left it. Null when no companion knows better.
 */
function frontByCompanion(
  riders: readonly RiderTrack[],
  conditions: readonly RiderCondition[],
  distances: readonly number[],
  first: number,
  now: number,
  carryMs: number,
  limit: number,
): number | null {
  const leader = riders[first]!;
  const seen = leader.motion.time;
  if (!leader.motion.started) return null;
  const where = leader.motion.distance;
  let best = -1;
  for (let i = 0; i < riders.length; i++) {
    const r = riders[i]!;
    if (i === first || conditions[i] !== 'racing' || !r.motion.started) continue;
    if (r.motion.time <= seen + COMPANION_FRESHER_MS || now - r.motion.time > carryMs) continue;
    if (distances[i]! < distances[first]! - COMPANION_REACH_M) continue;
    if (best < 0 || r.motion.time > riders[best]!.motion.time) best = i;
  }
  if (best < 0) return null;
  const companion = riders[best]!;
  const passed = companion.trail.timeAt(where);
  if (passed === null) return null;
  // When the companion is where the leader is (or was, when its carry stopped).
  const when = Math.min(now, seen + carryMs) + (passed - seen);
  const head = companion.trail.headTime!;
  const there =
    when <= head
      ? companion.trail.distanceAt(when)
      : distances[best]! + (companion.motion.speed * (when - now)) / 1000;
  return there === null ? null : Math.max(0, Math.min(limit, there));
}

// Groups on the road: riders less than a couple of seconds apart ride together and share one speed.

/** Riders closer than this (in time at their speed) are in the same group. */
export const GROUP_GAP_SECONDS = 2;
/** A member slower than the group by more than this fraction (riding in its shelter) is dropped. */
export const DROP_TOLERANCE = 0.1;
/** A member whose solo speed beats the group by more than this fraction rides away. */
export const BREAK_TOLERANCE = 0.06;

/**
 * Splits riders (given as indices) into groups, front group first. `distance` and `speed` are indexed by
 * rider; the gap is measured in seconds at the follower's speed, never less than 5 m/s so that a slow
 * climb does not split a bunch that is riding wheel to wheel.
 */
export function formGroups(
  riders: readonly number[],
  distance: ArrayLike<number>,
  speed: ArrayLike<number>,
  gapSeconds = GROUP_GAP_SECONDS,
): number[][] {
  const order = [...riders].sort((a, b) => distance[b]! - distance[a]! || a - b);
  const groups: number[][] = [];
  let current: number[] = [];
  let previous = -1;
  for (const rider of order) {
    if (previous >= 0) {
      const gap = distance[previous]! - distance[rider]!;
      const pace = Math.max(5, speed[rider]!);
      if (gap / pace > gapSeconds) {
        groups.push(current);
        current = [];
      }
    }
    current.push(rider);
    previous = rider;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export interface MemberSpeeds {
  /** Speed riding alone. */
  solo: number;
  /** Speed in the shelter of this group. */
  sheltered: number;
}

/**
 * The group's pace is the mean of what its members can ride in its shelter. A member holds that pace
 * unless they cannot (dropped: their own sheltered speed) or can beat it alone (away: their solo speed).
 * Members behind their slot in the bunch close up a little faster.
 */
export function groupSpeeds(
  members: readonly number[],
  speeds: ReadonlyMap<number, MemberSpeeds>,
  distance: ArrayLike<number>,
): Map<number, number> {
  const out = new Map<number, number>();
  if (members.length === 0) return out;
  let sum = 0;
  for (const m of members) sum += speeds.get(m)!.sheltered;
  const pace = sum / members.length;
  const head = distance[members[0]!]!;
  members.forEach((m, rank) => {
    const own = speeds.get(m)!;
    if (own.solo > pace * (1 + BREAK_TOLERANCE)) out.set(m, own.solo);
    else if (own.sheltered < pace * (1 - DROP_TOLERANCE)) out.set(m, own.sheltered);
    else {
      const slot = head - 1.5 * rank;
      const behind = slot - distance[m]!;
      out.set(m, pace + (behind > 1 ? Math.min(1, behind * 0.1) : 0));
    }
  });
  return out;
}

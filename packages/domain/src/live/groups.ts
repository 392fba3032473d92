// Groups on the road: consecutive riders (front first) whose gaps to the leader, measured on the one time
// base of the tick (time-base.ts), differ by at most groupGapSeconds: the time the leader took to ride from
// one rider's estimated position to the next one's. Riders within ~50 m at racing speed are one group
// whichever of their phones reported last.

/**
 * Splits riders ordered from the front, given their gaps to the leader (s; null when unknown), into
 * groups: arrays of indices into `gaps`, front group first. O(n).
 */
export function splitIntoGroups(gaps: ReadonlyArray<number | null>, groupGapSeconds: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < gaps.length; i++) {
    if (i > 0) {
      const ahead = gaps[i - 1];
      const mine = gaps[i];
      if (
        ahead === null ||
        ahead === undefined ||
        mine === null ||
        mine === undefined ||
        mine - ahead > groupGapSeconds
      ) {
        groups.push(current);
        current = [];
      }
    }
    current.push(i);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Names for groups given their sizes, front first:
 * - the front group is "Leaders" when there is more than one group (a lone rider ahead is a breakaway of 1);
 * - the largest other group (ties → the one further ahead) is "Peloton";
 * - except when the front group is strictly the largest: the bunch itself leads, so it is the "Peloton";
 * - a single group is the "Peloton" (or "Leaders" when it is one rider);
 * - every other group is "Group N", N its 1-based position from the front (stable while groups hold).
 */
export function nameGroups(sizes: readonly number[]): string[] {
  const names = sizes.map((_, i) => `Group ${i + 1}`);
  if (sizes.length === 0) return names;
  if (sizes.length === 1) {
    names[0] = sizes[0]! > 1 ? 'Peloton' : 'Leaders';
    return names;
  }
  let largest = 1;
  for (let i = 2; i < sizes.length; i++) if (sizes[i]! > sizes[largest]!) largest = i;
  if (sizes[0]! > sizes[largest]!) {
    names[0] = 'Peloton';
  } else {
    names[0] = 'Leaders';
    names[largest] = 'Peloton';
  }
  return names;
}

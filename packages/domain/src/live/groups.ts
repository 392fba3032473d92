// Groups on the road: consecutive riders (by distance) whose time gap to the rider ahead, measured like any
// live gap (when the rider ahead passed my distance vs when I was there), is at most groupGapSeconds.
import { timeBehind } from './gaps.ts';
import type { RiderTrack } from './rider-track.ts';

/**
 * Splits riders ordered from the front into groups: arrays of indices into `riders`, front group first.
 * O(n log k) with k samples per trail.
 */
export function splitIntoGroups(riders: readonly RiderTrack[], groupGapSeconds: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < riders.length; i++) {
    if (i > 0) {
      const behind = timeBehind(riders[i - 1]!, riders[i]!);
      if (behind === null || behind > groupGapSeconds) {
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

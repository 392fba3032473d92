import type { LiveRider } from '../api/types.ts';
import { isStale } from './rider-status.ts';

/**
 * Colours of the groups on the road, from the front (Tableau 10, readable on a map and told apart
 * by most colour-blind viewers; the group's name is always written next to it too).
 */
export const GROUP_PALETTE = [
  '#e15759',
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
] as const;

export const STALE_COLOUR = '#8a8f9c';
export const FINISHED_COLOUR = '#14171f';
export const DNF_COLOUR = '#ffffff';
export const UNGROUPED_COLOUR = '#4b5263';

/** The colour of 1-based group `index` (groups beyond the palette reuse it). */
export function groupColour(index: number | null): string {
  if (index === null || index < 1) return UNGROUPED_COLOUR;
  return GROUP_PALETTE[(index - 1) % GROUP_PALETTE.length]!;
}

export type RiderLook = 'group' | 'stale' | 'finished' | 'dnf' | 'waiting';

/** How a rider is drawn: stale riders grey, finishers and riders out distinct, the rest by group. */
export function riderLook(rider: Pick<LiveRider, 'cond' | 'fix'>, now: number): RiderLook {
  if (rider.cond === 'finished') return 'finished';
  if (rider.cond === 'dnf') return 'dnf';
  if (rider.cond === 'not_started') return 'waiting';
  if (isStale(rider, now) || rider.cond === 'signal_lost') return 'stale';
  return 'group';
}

export function riderColour(rider: Pick<LiveRider, 'cond' | 'fix' | 'grp'>, now: number): string {
  switch (riderLook(rider, now)) {
    case 'finished':
      return FINISHED_COLOUR;
    case 'dnf':
      return DNF_COLOUR;
    case 'stale':
    case 'waiting':
      return STALE_COLOUR;
    default:
      return groupColour(rider.grp);
  }
}

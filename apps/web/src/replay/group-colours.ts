/** Colours of groups on the road, from the front; riders not racing are grey. */
const PALETTE = ['#d62828', '#0b7dda', '#1b7f3b', '#b35c00', '#6b3fa0', '#00838f', '#c2185b', '#5d4037'];

export const IDLE_COLOUR = '#8a8f9c';
export const FINISHED_COLOUR = '#14171f';
/** A rider out of the race: a white dot, crossed through (as on the live map). */
export const OUT_COLOUR = '#ffffff';

/** The colour of 1-based group `index`; the palette repeats after eight groups. */
export function groupColour(group: number | null): string {
  if (group === null || group < 1) return IDLE_COLOUR;
  return PALETTE[(group - 1) % PALETTE.length]!;
}

import { DNF_COLOUR, FINISHED_COLOUR, GROUP_PALETTE, STALE_COLOUR } from '../live/group-colours.ts';

/** The live map's colours, so a stage replayed looks as it did live. Riders not racing are grey. */
export const IDLE_COLOUR = STALE_COLOUR;
export { FINISHED_COLOUR };
/** A rider out of the race: a white dot, crossed through (as on the live map). */
export const OUT_COLOUR = DNF_COLOUR;

/** The colour of 1-based group `index`, from the live palette; riders in no group are grey. */
export function groupColour(group: number | null): string {
  if (group === null || group < 1) return IDLE_COLOUR;
  return GROUP_PALETTE[(group - 1) % GROUP_PALETTE.length]!;
}

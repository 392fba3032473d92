import { describe, expect, it } from 'vitest';
import {
  DNF_COLOUR,
  FINISHED_COLOUR,
  GROUP_PALETTE,
  groupColour,
  riderColour,
  riderLook,
  STALE_COLOUR,
  UNGROUPED_COLOUR,
} from '../../src/live/group-colours.ts';
import { liveRider } from './fixtures.ts';

describe('group colours', () => {
  it('gives each group from the front its own colour, wrapping past the palette', () => {
    expect(groupColour(1)).toBe(GROUP_PALETTE[0]);
    expect(groupColour(2)).toBe(GROUP_PALETTE[1]);
    expect(groupColour(GROUP_PALETTE.length + 1)).toBe(GROUP_PALETTE[0]);
    expect(groupColour(null)).toBe(UNGROUPED_COLOUR);
  });

  it('greys stale riders and sets finishers and riders out apart', () => {
    expect(riderColour(liveRider(0, { grp: 2, fix: 0 }), 1000)).toBe(GROUP_PALETTE[1]);
    expect(riderColour(liveRider(0, { grp: 2, fix: 0 }), 60_000)).toBe(STALE_COLOUR);
    expect(riderColour(liveRider(0, { cond: 'signal_lost', fix: 0 }), 1000)).toBe(STALE_COLOUR);
    expect(riderColour(liveRider(0, { cond: 'finished' }), 1000)).toBe(FINISHED_COLOUR);
    expect(riderColour(liveRider(0, { cond: 'dnf' }), 1000)).toBe(DNF_COLOUR);
    expect(riderLook(liveRider(0, { cond: 'not_started' }), 0)).toBe('waiting');
  });
});

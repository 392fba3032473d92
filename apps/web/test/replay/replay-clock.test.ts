import { describe, expect, it } from 'vitest';
import { GROUP_PALETTE, groupColour as liveGroupColour } from '../../src/live/group-colours.ts';
import { groupColour, IDLE_COLOUR } from '../../src/replay/group-colours.ts';
import { advance, clampTime, parseSpeed, parseTimeParam } from '../../src/replay/replay-clock.ts';

const range = { start: 1_000_000, end: 1_600_000 };

describe('replay clock', () => {
  it('clamps into the replay range', () => {
    expect(clampTime(0, range)).toBe(range.start);
    expect(clampTime(2_000_000, range)).toBe(range.end);
    expect(clampTime(1_200_000, range)).toBe(1_200_000);
  });

  it('advances by wall time times the speed, and stops at the end', () => {
    expect(advance(1_000_000, 100, 60, range)).toEqual({ t: 1_006_000, ended: false });
    expect(advance(1_590_000, 1000, 120, range)).toEqual({ t: range.end, ended: true });
    expect(advance(1_100_000, -50, 10, range).t).toBe(1_100_000);
  });

  it('reads ?t= as a moment inside the range', () => {
    expect(parseTimeParam(null, range)).toBeNull();
    expect(parseTimeParam('', range)).toBeNull();
    expect(parseTimeParam('soon', range)).toBeNull();
    expect(parseTimeParam('1234567.8', range)).toBe(1_234_568);
    expect(parseTimeParam('5', range)).toBe(range.start);
  });

  it('accepts only the offered speeds', () => {
    expect(parseSpeed('60')).toBe(60);
    expect(parseSpeed('45')).toBeNull();
    expect(parseSpeed(null)).toBeNull();
  });

  it('colours groups from the front as the live map does, and idle riders grey', () => {
    expect(groupColour(1)).not.toBe(groupColour(2));
    expect(groupColour(1)).toBe(liveGroupColour(1));
    expect(groupColour(GROUP_PALETTE.length + 1)).toBe(groupColour(1));
    expect(groupColour(null)).toBe(IDLE_COLOUR);
  });
});

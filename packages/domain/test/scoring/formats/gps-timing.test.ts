import { describe, expect, it } from 'vitest';
import {
  gapAtSameDistance,
  gpsCrossingTime,
  mergeCrossings,
  trackFromDistances,
} from '../../../src/scoring/formats/index.ts';
import { epochMs } from '../../../src/units.ts';

const clock = (h: number, m: number, s: number) => epochMs(Date.UTC(2025, 5, 14, h, m, s));

describe('GPS timing (rules §6)', () => {
  it('scenario 27: fixes at 100 s (40 m before the line) and 105 s (15 m after) → crossing at 103.636 s', () => {
    const line = 5_000;
    const t = gpsCrossingTime({ time: 100, distance: line - 40 }, { time: 105, distance: line + 15 }, line);
    expect(t).toBeCloseTo(103.636, 3);
  });

  it('scenario 28: leader passes 85 km at 10:00:00, chaser at 10:02:15 → gap 2:15', () => {
    const leader = trackFromDistances('leader', [
      { time: clock(8, 0, 0), distance: 0 },
      { time: clock(9, 0, 0), distance: 42_500 },
      { time: clock(10, 0, 0), distance: 85_000 },
      { time: clock(10, 5, 0), distance: 88_750 },
    ]);
    const chaser = trackFromDistances('chaser', [
      { time: clock(8, 0, 0), distance: 0 },
      { time: clock(10, 2, 15), distance: 85_000 },
    ]);
    expect(gapAtSameDistance(leader, chaser)).toBe(135);
    expect(gapAtSameDistance(leader, leader)).toBe(0);
  });

  it('measures the gap where the chaser’s trail stands, not at a furthest fix pushed ahead by noise', () => {
    // The leader rides 10 m/s, the chaser 8 m/s, both from 8:00:00. The chaser's trail holds its
    // smoothed distance (8 km at 8:16:40); its furthest raw fix was 30 m further on (noise), which the
    // chaser had not reached then. The leader passed 8 km at 8:13:20: the chaser is 200 s behind there.
    const leader = trackFromDistances(
      'leader',
      Array.from({ length: 13 }, (_, i) => ({ time: clock(8, 0, i * 100), distance: i * 1000 })),
    );
    const chaser = trackFromDistances(
      'chaser',
      Array.from({ length: 9 }, (_, i) => ({ time: clock(8, 0, i * 125), distance: i * 1000 })),
    );
    chaser.distance = 8030;
    expect(gapAtSameDistance(leader, chaser)).toBeCloseTo(200, 6);
  });

  it('timing-system passings override GPS crossings of the same rider at the same point', () => {
    const riders = [
      { riderId: 'r1', bib: '1', chips: ['CHIP-A'] },
      { riderId: 'r2', bib: '2' },
      { riderId: 'r3', bib: '3' },
    ];
    const gps = [
      { riderId: 'r1', pointId: 'finish', time: epochMs(10_400) },
      { riderId: 'r1', pointId: 'sprint', time: epochMs(5_000) },
      { riderId: 'r2', pointId: 'finish', time: epochMs(10_300) },
      { riderId: 'r3', pointId: 'finish', time: epochMs(10_900) },
    ];
    const passings = [
      { chip: 'CHIP-A', pointId: 'finish', time: epochMs(10_350) },
      { bib: '2', pointId: 'finish', time: epochMs(10_360) },
      { bib: '99', pointId: 'finish', time: epochMs(10_500) },
    ];
    const merged = mergeCrossings(gps, passings, riders);
    expect(merged.crossings).toEqual([
      { riderId: 'r1', pointId: 'sprint', time: 5_000, source: 'gps' },
      { riderId: 'r1', pointId: 'finish', time: 10_350, source: 'timing' },
      { riderId: 'r2', pointId: 'finish', time: 10_360, source: 'timing' },
      { riderId: 'r3', pointId: 'finish', time: 10_900, source: 'gps' },
    ]);
    expect(merged.unmatched).toEqual([passings[2]]);
    const corrected = mergeCrossings([], passings.slice(0, 1), riders, { transponderCorrectionMs: 20 });
    expect(corrected.crossings[0]!.time).toBe(10_330);
  });
});

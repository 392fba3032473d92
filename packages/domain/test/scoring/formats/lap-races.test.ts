import { describe, expect, it } from 'vitest';
import {
  criteriumResult,
  cxLapCount,
  cxResult,
  eightyPercentPulls,
  eliminationOrder,
  eliminationResult,
  freeLaps,
  pointsRaceResult,
  sprintLaps,
} from '../../../src/scoring/formats/index.ts';

describe('points race (rules §4)', () => {
  const race = {
    sprints: [
      ['B', 'C', 'D', 'A'],
      ['C', 'B', 'A', 'D'],
    ],
    final: ['B', 'C', 'D', 'A', 'E'],
    laps: [
      { riderId: 'A', change: 1 },
      { riderId: 'E', change: 1 },
    ],
    // E docked 6 points by the commissaires, to land level with C on 14.
    adjustments: [{ riderId: 'E', points: -6 }],
  };

  it('scenario 22: A 25, B 18, C 14, D 7; E also on 14 but 5th in the final sprint → C ahead of E', () => {
    const result = pointsRaceResult(race);
    expect(result.map((l) => [l.riderId, l.points, l.place])).toEqual([
      ['A', 25, 1],
      ['B', 18, 2],
      ['C', 14, 3],
      ['E', 14, 4],
      ['D', 7, 5],
    ]);
    expect(result.find((l) => l.riderId === 'E')!.finalPlace).toBe(5);
  });

  it('loses 20 for a lost lap and holds sprints every N laps, the finish included', () => {
    const result = pointsRaceResult({
      sprints: [['A']],
      final: ['B', 'A'],
      laps: [{ riderId: 'A', change: -1 }],
    });
    expect(result.map((l) => [l.riderId, l.points])).toEqual([
      ['B', 10],
      ['A', -9],
    ]);
    expect(sprintLaps(40, 10)).toEqual([10, 20, 30, 40]);
    expect(sprintLaps(42, 10)).toEqual([10, 20, 30, 40, 42]);
  });
});

describe('elimination (rules §4)', () => {
  it('scenario 23: out F, E, D, C; B beats A → B, A, C, D, E, F', () => {
    const out = eliminationOrder([
      ['A', 'B', 'C', 'D', 'E', 'F'],
      ['B', 'A', 'D', 'C', 'E', 'F'], // F already out: E is last
      ['A', 'B', 'C', 'D'],
      ['B', 'A', 'C'],
    ]);
    expect(out).toEqual(['F', 'E', 'D', 'C']);
    expect(eliminationResult(out, ['B', 'A'])).toEqual([
      { riderId: 'B', place: 1 },
      { riderId: 'A', place: 2 },
      { riderId: 'C', place: 3 },
      { riderId: 'D', place: 4 },
      { riderId: 'E', place: 5 },
      { riderId: 'F', place: 6 },
    ]);
  });
});

describe('cyclocross and criterium (rules §4, scenario 24)', () => {
  it('scenario 24: 60 min target, leader laps 7:10 → 8 laps (9 would overshoot by more than half a lap)', () => {
    expect(cxLapCount(3600, [430])).toBe(8);
    expect(cxLapCount(3600, [430, 430])).toBe(8);
    // 9 laps of 7:10 end 4:30 over the hour, more than half of 7:10; a 6:50 lap gives 9 laps (1:30 over).
    expect(cxLapCount(3600, [410])).toBe(9);
  });

  // Leader: first lap 7:00 (420 s) → threshold 5:36 (336 s); 6 laps of 7:00.
  const leaderLaps = [420, 840, 1260, 1680, 2100, 2520];
  const riders = [
    { riderId: 'leader', laps: leaderLaps },
    { riderId: 'second', laps: leaderLaps.map((t) => t + 30) },
    // 5:40 (340 s) down after lap 3 → pulled there; the laps it rode after are ignored.
    { riderId: 'pulled3', laps: [500, 1000, 1600, 2100, 2600] },
    // 5:30 down after lap 2 (under the threshold), 5:50 down after lap 4 → pulled after lap 4.
    { riderId: 'pulled4', laps: [480, 1170, 1560, 2030] },
    // 5:00 after lap 1, then 6:00 after lap 2 → pulled after lap 2, first of all.
    { riderId: 'pulled2', laps: [720, 1200] },
    // 5:40 down after lap 5, but the leader is already on the final lap then: not pulled, finishes.
    { riderId: 'late', laps: [430, 850, 1280, 1700, 2100 + 340, 2990] },
    { riderId: 'quit', laps: [430], status: 'DNF' as const },
  ];

  it('scenario 24: 80 % rule — threshold 5:36 from the leader’s 7:00 first lap; 5:40 down after lap 3 is pulled', () => {
    const pulls = eightyPercentPulls(riders, { totalLaps: 6 });
    expect(pulls.map((p) => [p.riderId, p.laps, p.time])).toEqual([
      ['pulled2', 2, 1200],
      ['pulled3', 3, 1600],
      ['pulled4', 4, 2030],
    ]);
  });

  it('scenario 24: ranked by laps then finish time, pulled riders "−n laps" after them, laps after the pull ignored', () => {
    const result = cxResult(riders, { totalLaps: 6 });
    expect(result.map((l) => [l.riderId, l.place, l.status, l.laps, l.lapsDownLabel])).toEqual([
      ['leader', 1, 'finisher', 6, ''],
      ['second', 2, 'finisher', 6, ''],
      ['late', 3, 'finisher', 6, ''],
      ['pulled4', 4, 'PUL', 4, '−2 laps'],
      ['pulled3', 5, 'PUL', 3, '−3 laps'],
      ['pulled2', 6, 'PUL', 2, '−4 laps'],
      ['quit', null, 'DNF', 1, ''],
    ]);
  });

  it('scenario 24: same-lap pulls rank in pull order; a lapped finisher is "−1 lap"', () => {
    const result = cxResult(
      [
        { riderId: 'leader', laps: [420, 840, 1260] },
        { riderId: 'b', laps: [760, 1500] },
        { riderId: 'a', laps: [770, 1200] },
        { riderId: 'lapped', laps: [600, 1150] },
      ],
      { totalLaps: 3 },
    );
    expect(result.map((l) => [l.riderId, l.place, l.status, l.lapsDownLabel])).toEqual([
      ['leader', 1, 'finisher', ''],
      ['lapped', 2, 'finisher', '−1 lap'],
      ['b', 3, 'PUL', '−2 laps'],
      ['a', 4, 'PUL', '−2 laps'],
    ]);
  });

  it('scenario 24: a criterium rider lapped, crossing just behind the winner, ranks behind every lead-lap rider', () => {
    const result = criteriumResult([
      { riderId: 'winner', laps: 40, finish: 3600 },
      { riderId: 'lapped', laps: 39, finish: 3600.4 },
      { riderId: 'second', laps: 40, finish: 3610 },
      { riderId: 'third', laps: 40, finish: 3631 },
      { riderId: 'out', laps: 12, finish: null },
    ]);
    expect(result.map((l) => [l.riderId, l.place, l.lapsDownLabel])).toEqual([
      ['winner', 1, ''],
      ['second', 2, ''],
      ['third', 3, ''],
      ['lapped', 4, '−1 lap'],
      ['out', null, ''],
    ]);
  });

  it('criterium free lap for a recognised mishap, not in the final 8 km (configurable)', () => {
    const early = { lapsLost: 1, distanceToGo: 20_000, recognised: true };
    const late = { lapsLost: 1, distanceToGo: 7_000, recognised: true };
    expect(freeLaps([early])).toBe(1);
    expect(freeLaps([late])).toBe(0);
    expect(freeLaps([{ ...early, recognised: false }])).toBe(0);
    expect(freeLaps([late], { freeLapCutoff: 5_000 })).toBe(1);
    const result = criteriumResult([
      { riderId: 'winner', laps: 40, finish: 3600 },
      { riderId: 'crashed', laps: 39, finish: 3601, mishaps: [early] },
      { riderId: 'crashedLate', laps: 39, finish: 3602, mishaps: [late] },
    ]);
    expect(result.map((l) => [l.riderId, l.place, l.lapsDownLabel])).toEqual([
      ['winner', 1, ''],
      ['crashed', 2, ''],
      ['crashedLate', 3, '−1 lap'],
    ]);
  });
});

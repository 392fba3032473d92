import { describe, expect, it } from 'vitest';
import { assignJerseys } from '../../src/scoring/jerseys.ts';
import { mountainsClassification, TDF_MOUNTAIN_POINTS } from '../../src/scoring/mountains.ts';
import { pointsClassification, TDF_FLAT_POINTS, TDF_SPRINT_POINTS } from '../../src/scoring/points.ts';
import { rankFromOrder } from '../../src/scoring/ranking.ts';
import { teamClassification, teamStage } from '../../src/scoring/team.ts';
import { isYoungRider, youthClassification } from '../../src/scoring/youth.ts';
import { seconds } from '../../src/units.ts';
import { row } from './helpers.ts';

const A = 1;
const B = 2;
const C = 3;
const gcOf = (...bibs: number[]) => new Map(bibs.map((bib, i) => [bib, i + 1] as const));
const only = (bib: number, rank = 1) => [{ bib, rank }];

describe('points classification', () => {
  it('scenario 11: A stage win 50 + sprint 2nd 17 = 67; B 3rd 20 + sprint win 20 = 40', () => {
    const stage = {
      finish: rankFromOrder([A, C, B]),
      finishScale: TDF_FLAT_POINTS,
      sprints: [rankFromOrder([B, A])],
      sprintScale: TDF_SPRINT_POINTS,
    };
    const rows = pointsClassification([stage], gcOf(A, B, C));
    expect(rows.find((r) => r.bib === A)?.points).toBe(67);
    expect(rows.find((r) => r.bib === B)?.points).toBe(40);
    expect(rows[0]).toMatchObject({ bib: A, rank: 1, stageWins: 1, sprintWins: 0 });
  });

  it('scenario 12: tie at 100: 2 stage wins beat 1; equal → sprint wins; equal → GC', () => {
    const scale = [50, 25];
    const win = (bib: number) => ({ finish: only(bib), finishScale: scale });
    const second = (bib: number) => ({ finish: only(bib, 2), finishScale: scale });
    const sprint = (bib: number, rank: number) => ({
      finish: [],
      finishScale: scale,
      sprints: [only(bib, rank)],
      sprintScale: scale,
    });
    // A: 50 + 50 = 100 with 2 wins; B: 50 + 25 + 25 = 100 with 1 win.
    const byWins = pointsClassification([win(A), win(A), win(B), second(B), second(B)], gcOf(B, A));
    expect(byWins.map((r) => [r.bib, r.points, r.rank])).toEqual([
      [A, 100, 1],
      [B, 100, 2],
    ]);
    // Both 1 stage win and 100 points; B has a sprint win.
    const bySprints = pointsClassification(
      [win(A), second(A), second(A), win(B), sprint(B, 1), sprint(B, 2)].map((s) => ({
        ...s,
        sprintScale: [25, 25],
      })),
      gcOf(A, B),
    );
    expect(bySprints.map((r) => [r.bib, r.points, r.sprintWins])).toEqual([
      [B, 100, 1],
      [A, 100, 0],
    ]);
    // Identical records: the better GC rider is ahead.
    const byGc = pointsClassification([win(A), win(A), win(B), win(B)], gcOf(B, A));
    expect(byGc.map((r) => [r.bib, r.rank])).toEqual([
      [B, 1],
      [A, 2],
    ]);
  });

  it('docks penalty points, drops forfeited stage points and riders who left the race', () => {
    const stage = {
      finish: rankFromOrder([A, B, C]),
      finishScale: TDF_FLAT_POINTS,
      penalties: new Map([[A, 30]]),
      forfeit: [B],
    };
    const rows = pointsClassification([stage], gcOf(A, B));
    expect(rows.map((r) => [r.bib, r.points])).toEqual([[A, 20]]);
  });
});

describe('mountains classification', () => {
  it('scenario 13: HC win 20 + Cat 4 win 1 = 21; a ×2 final climb makes a Cat 1 second 16', () => {
    const rows = mountainsClassification(
      [
        { category: 'HC', ranking: only(A) },
        { category: '4', ranking: only(A) },
        { category: '1', ranking: only(B, 2), multiplier: 2 },
      ],
      gcOf(A, B),
    );
    expect(rows.map((r) => [r.bib, r.points])).toEqual([
      [A, 21],
      [B, 16],
    ]);
    expect(TDF_MOUNTAIN_POINTS.HC[0]).toBe(20);
  });

  it('scenario 14: tie at 30: A with 1 HC win beats B with 0 HC and 3 Cat 1 wins', () => {
    const rows = mountainsClassification(
      [
        { category: 'HC', ranking: only(A) },
        { category: '1', ranking: only(A) },
        { category: '1', ranking: only(B) },
        { category: '1', ranking: only(B) },
        { category: '1', ranking: only(B) },
      ],
      gcOf(B, A),
    );
    expect(rows.map((r) => [r.bib, r.points, r.rank])).toEqual([
      [A, 30, 1],
      [B, 30, 2],
    ]);
  });
});

describe('team classification', () => {
  it('scenario 15: X 14400+14400+14430 = 43230, Y 14400+14410+14410 = 43220 → Y; 2 finishers → not ranked', () => {
    const rows = [
      row(1, 1, 14_400, 'X'),
      row(2, 2, 14_400, 'Y'),
      row(3, 3, 14_400, 'X'),
      row(4, 4, 14_400, 'Z'),
      row(5, 5, 14_410, 'Y'),
      row(6, 6, 14_410, 'Y'),
      row(7, 7, 14_410, 'Z'),
      row(8, 8, 14_430, 'X'),
      row(9, 9, 14_500, 'X'),
    ];
    expect(teamStage(rows).map((t) => [t.team, t.time, t.rank])).toEqual([
      ['Y', 43_220, 1],
      ['X', 43_230, 2],
    ]);
  });

  it('scenario 15 (tie-breaks): equal time → sum of places, then best place', () => {
    const rows = [
      row(1, 1, 100, 'P'),
      row(2, 2, 100, 'Q'),
      row(3, 3, 100, 'Q'),
      row(4, 4, 100, 'P'),
      row(5, 5, 100, 'P'),
      row(6, 6, 100, 'Q'),
    ];
    // P 1+4+5 = 10, Q 2+3+6 = 11.
    expect(teamStage(rows).map((t) => [t.team, t.placeSum])).toEqual([
      ['P', 10],
      ['Q', 11],
    ]);
  });

  it('scenario 16: team GC tie: 3 daily wins beat 2; equal → better best-placed GC rider', () => {
    const day = (winner: string, other: string) => [
      { team: winner, rank: 1, time: seconds(100), placeSum: 6, bestPlace: 1 },
      { team: other, rank: 2, time: seconds(100), placeSum: 7, bestPlace: 2 },
    ];
    const gc = [
      { team: 'Q', rank: 1 },
      { team: 'P', rank: 2 },
    ];
    const fiveDays = [day('P', 'Q'), day('P', 'Q'), day('P', 'Q'), day('Q', 'P'), day('Q', 'P')];
    expect(teamClassification(fiveDays, gc).map((t) => [t.team, t.time, t.rank])).toEqual([
      ['P', 500, 1],
      ['Q', 500, 2],
    ]);
    const fourDays = fiveDays.slice(1);
    expect(teamClassification(fourDays, gc).map((t) => [t.team, t.stagePlaces[0]])).toEqual([
      ['Q', 2],
      ['P', 2],
    ]);
  });

  it('a team not ranked on one stage leaves the team classification', () => {
    const s1 = teamStage([
      row(1, 1, 10, 'P'),
      row(2, 2, 10, 'P'),
      row(3, 3, 10, 'P'),
      row(4, 4, 10, 'Q'),
      row(5, 5, 10, 'Q'),
      row(6, 6, 10, 'Q'),
    ]);
    const s2 = teamStage([
      row(1, 1, 10, 'P'),
      row(2, 2, 10, 'P'),
      row(3, 3, 10, 'P'),
      row(4, 4, 10, 'Q'),
      row(5, 5, 10, 'Q'),
    ]);
    expect(teamClassification([s1, s2], []).map((t) => t.team)).toEqual(['P']);
  });
});

describe('young rider classification', () => {
  it('scenario 17: race 2025: born 2000 eligible, 1999 not', () => {
    expect(isYoungRider(2000, 2025)).toBe(true);
    expect(isYoungRider(1999, 2025)).toBe(false);
    const gc = [
      { bib: 1, rank: 1 },
      { bib: 2, rank: 2 },
      { bib: 3, rank: 3 },
    ];
    const youth = youthClassification(
      gc,
      new Map([
        [1, 1999],
        [2, 2003],
        [3, 2000],
      ]),
      2025,
    );
    expect(youth.map((r) => [r.bib, r.youthRank])).toEqual([
      [2, 1],
      [3, 2],
    ]);
  });
});

describe('jerseys', () => {
  it('a rider leading GC and points wears yellow; the second in points wears green', () => {
    const awards = assignJerseys([
      { jersey: 'gc', order: [A, B, C] },
      { jersey: 'points', order: [A, C, B] },
      { jersey: 'mountains', order: [B, A] },
      { jersey: 'youth', order: [] },
    ]);
    expect(awards).toEqual([
      { jersey: 'gc', leader: A, wearer: A },
      { jersey: 'points', leader: A, wearer: C },
      { jersey: 'mountains', leader: B, wearer: B },
      { jersey: 'youth', leader: null, wearer: null },
    ]);
  });
});

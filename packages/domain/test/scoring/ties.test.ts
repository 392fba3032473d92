import { describe, expect, it } from 'vitest';
import { stageBonuses } from '../../src/scoring/bonuses.ts';
import { rankFondo } from '../../src/scoring/formats/gran-fondo.ts';
import { rankByLaps } from '../../src/scoring/formats/lap-ranking.ts';
import { timeTrialTime } from '../../src/scoring/formats/time-trial.ts';
import { generalClassification } from '../../src/scoring/general-classification.ts';
import { climbPoints, mountainsClassification } from '../../src/scoring/mountains.ts';
import { pointsClassification, stagePoints } from '../../src/scoring/points.ts';
import { rankFromOrder, rankingWithout } from '../../src/scoring/ranking.ts';
import { scoreStage } from '../../src/scoring/road-race.ts';
import { entry, row } from './helpers.ts';

const places = (rows: ReturnType<typeof scoreStage>) => rows.map((r) => [r.bib, r.place, r.rank, r.time]);

describe('ties: shared ranks where the rules share them, the crossing order elsewhere', () => {
  it('ranks a time trial on the exact time: 1 ms apart is not a tie, the same millisecond is', () => {
    const rows = scoreStage([entry(4, 1470.372), entry(1, 1470.371), entry(3, 1470.371), entry(2, 1471)], {
      kind: 'itt',
    });
    expect(places(rows)).toEqual([
      [1, 1, 1, 1470.371],
      [3, 2, 1, 1470.371],
      [4, 3, 3, 1470.372],
      [2, 4, 4, 1471],
    ]);
  });

  it('keeps milliseconds in time-trial times, however the start and finish add up', () => {
    expect(timeTrialTime(36060, 36060 + 1470.371)).toBe(1470.371);
    expect(timeTrialTime(0.1, 0.1 + 0.2)).toBe(0.2);
  });

  it('places road riders in crossing order even on one time: no shared place without a judged dead heat', () => {
    const rows = scoreStage([entry(2, 3600.4), entry(1, 3600.399), entry(3, 3600.4)]);
    expect(places(rows)).toEqual([
      [1, 1, 1, 3600],
      [2, 2, 2, 3600],
      [3, 3, 3, 3600],
    ]);
    const judged = scoreStage([entry(2, 3600.4), entry(1, 3600.4), entry(3, 3601)], {
      photoFinish: [[1, 2]],
    });
    expect(judged.map((r) => r.rank)).toEqual([1, 1, 3]);
  });

  it('moves riders up behind a disqualified one at a sprint, dead heats staying shared', () => {
    const sprint = rankFromOrder([5, [2, 3], 4]);
    expect(rankingWithout(sprint, new Set([5]))).toEqual([
      { bib: 2, rank: 1 },
      { bib: 3, rank: 1 },
      { bib: 4, rank: 3 },
    ]);
    expect(rankingWithout(sprint, new Set([2]))).toEqual([
      { bib: 5, rank: 1 },
      { bib: 3, rank: 2 },
      { bib: 4, rank: 3 },
    ]);
    // Scenario 10 after the winner's disqualification: the heat shares the winner's bonus now.
    const bonuses = stageBonuses('road', [
      { ranking: rankingWithout(sprint, new Set([5])), scale: [10, 6, 4] },
    ]);
    expect([...bonuses]).toEqual([
      [2, 10],
      [3, 10],
      [4, 4],
    ]);
  });

  it('gives tied riders the higher place’s points on a stage and skips the next value', () => {
    const points = stagePoints({ finish: rankFromOrder([[1, 2], 3]), finishScale: [50, 30, 20] });
    expect([...points].map(([bib, p]) => [bib, p.points, p.stageWins])).toEqual([
      [1, 50, 1],
      [2, 50, 1],
      [3, 20, 0],
    ]);
  });

  it('shares a points rank only when points, stage wins, sprint wins and GC are all level', () => {
    const stage = {
      finish: rankFromOrder([1, 2, 3]),
      finishScale: [20, 20, 20],
      awarded: new Map([[4, 20]]),
    };
    // 1 won the stage; 2 and 3 are level on everything but GC; 4's points were given by a results file.
    const rows = pointsClassification(
      [stage],
      new Map([
        [1, 1],
        [2, 2],
        [3, 2],
        [4, 4],
      ]),
    );
    expect(rows.map((r) => [r.bib, r.rank, r.points])).toEqual([
      [1, 1, 20],
      [2, 2, 20],
      [3, 2, 20],
      [4, 4, 20],
    ]);
  });

  it('counts a climb on the race’s own scale and points given outright, but wins only from climbs', () => {
    const climbs = [{ category: '2' as const, ranking: rankFromOrder([7, 8]), scale: [6, 4] }];
    expect(climbPoints(climbs).get(7)).toEqual({
      points: 6,
      wins: { HC: 0, '1': 0, '2': 1, '3': 0, '4': 0 },
    });
    const rows = mountainsClassification(
      climbs,
      new Map([
        [7, 2],
        [8, 3],
        [9, 1],
      ]),
      undefined,
      new Map([[9, 6]]),
    );
    // 7 and 9 on 6 points: 7 won a climb, 9's points came from a file with no climbs in it.
    expect(rows.map((r) => [r.bib, r.rank, r.points])).toEqual([
      [7, 1, 6],
      [9, 2, 6],
      [8, 3, 4],
    ]);
  });

  it('counts a time trial’s millisecond time truncated in the GC, its hundredths as the tie-break', () => {
    const gc = generalClassification([
      { kind: 'itt', rows: [row(1, 1, 1210.459), row(2, 2, 1210.461)] },
      { kind: 'road', rows: [row(2, 1, 14400), row(1, 2, 14400)] },
    ]);
    // Both 15610 s; 1 has .45 in the time trial, 2 .46.
    expect(gc.map((r) => [r.bib, r.rank, r.time, r.ittHundredths])).toEqual([
      [1, 1, 15610, 45],
      [2, 2, 15610, 46],
    ]);
  });

  it('lists riders level on everything in the order given (the timing system’s), never by id', () => {
    const laps = rankByLaps([
      { riderId: 'zz', status: 'finisher', laps: 10, time: 3600.25 },
      { riderId: 'aa', status: 'finisher', laps: 10, time: 3600.25 },
      { riderId: 'mm', status: 'finisher', laps: 10, time: 3600.1 },
    ]);
    expect(laps.map((l) => [l.riderId, l.place])).toEqual([
      ['mm', 1],
      ['zz', 2],
      ['aa', 2],
    ]);
    const fondo = rankFondo([
      { riderId: 'zz', gun: 14400.5, chip: 14390 },
      { riderId: 'aa', gun: 14400.5, chip: 14390 },
      { riderId: 'bb', gun: null, chip: null },
      { riderId: 'ab', gun: null, chip: null },
    ]);
    expect(fondo.map((l) => [l.riderId, l.place])).toEqual([
      ['zz', 1],
      ['aa', 1],
      ['bb', null],
      ['ab', null],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { stageBonuses } from '../../src/scoring/bonuses.ts';
import { pointsClassification, TDF_FLAT_POINTS } from '../../src/scoring/points.ts';
import { competitionRanks, rankFromOrder, scaleValue } from '../../src/scoring/ranking.ts';
import { teamStage } from '../../src/scoring/team.ts';
import { timeLimitPercent } from '../../src/scoring/time-limit.ts';
import { RESULT_STATUSES, statusOrder } from '../../src/scoring/types.ts';
import { metres, seconds } from '../../src/units.ts';

describe('ranking helpers', () => {
  it('competition ranking: 1, 2, 2, 4', () => {
    expect(competitionRanks([10, 20, 20, 30], (a, b) => a === b)).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([], () => true)).toEqual([]);
  });

  it('a judged order with a dead heat ranks 1, 2, 2, 4 and sorts the heat by bib', () => {
    expect(rankFromOrder([7, [9, 3], 4])).toEqual([
      { bib: 7, rank: 1 },
      { bib: 3, rank: 2 },
      { bib: 9, rank: 2 },
      { bib: 4, rank: 4 },
    ]);
  });

  it('a scale gives 0 beyond its end', () => {
    expect(scaleValue([3, 2, 1], 3)).toBe(1);
    expect(scaleValue([3, 2, 1], 4)).toBe(0);
  });

  it('statuses are ordered finisher, PUL, DNF, DSQ, DNS, OTL, NP', () => {
    expect([...RESULT_STATUSES].sort((a, b) => statusOrder(a) - statusOrder(b))).toEqual([
      'finisher',
      'PUL',
      'DNF',
      'DSQ',
      'DNS',
      'OTL',
      'NP',
    ]);
  });

  it('time-limit bands: 4 % at or under 36 km/h, 12 % over 50 km/h', () => {
    expect(timeLimitPercent(metres(144_000), seconds(14_400))).toBe(4);
    expect(timeLimitPercent(metres(204_000), seconds(14_400))).toBe(12);
  });

  it('empty inputs give empty classifications; time trials give no bonuses', () => {
    expect(teamStage([])).toEqual([]);
    expect(pointsClassification([], new Map())).toEqual([]);
    expect(pointsClassification([{ finish: [], finishScale: TDF_FLAT_POINTS }], new Map())).toEqual([]);
    expect(stageBonuses('itt', [{ ranking: [{ bib: 1, rank: 1 }], scale: [10] }]).size).toBe(0);
  });
});

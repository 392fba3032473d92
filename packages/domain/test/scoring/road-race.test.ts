import { describe, expect, it } from 'vitest';
import { FINISH_BONUS, stageBonuses } from '../../src/scoring/bonuses.ts';
import { scoreStage } from '../../src/scoring/road-race.ts';
import { BUNCH_SPRINT_THRESHOLD } from '../../src/scoring/same-time.ts';
import { teamStage } from '../../src/scoring/team.ts';
import { timeLimitCutOff, timeLimitPercent } from '../../src/scoring/time-limit.ts';
import { metres, seconds } from '../../src/units.ts';
import { byBibOf, entry } from './helpers.ts';

const SCENARIO_1 = [
  entry(1, 10800.0),
  entry(2, 10800.4),
  entry(3, 10801.2),
  entry(4, 10802.5),
  entry(5, 10802.9),
];

describe('road race stage', () => {
  it('scenario 1: places 1–5; A, B, C → 10800; D, E → 10802', () => {
    const rows = scoreStage(SCENARIO_1);
    expect(rows.map((r) => [r.bib, r.place, r.time])).toEqual([
      [1, 1, 10800],
      [2, 2, 10800],
      [3, 3, 10800],
      [4, 4, 10802],
      [5, 5, 10802],
    ]);
    expect(byBibOf(rows, 5).actualTime).toBe(10802.9);
  });

  it('scenario 2: 10 riders each 0.9 s apart all get the first rider’s time', () => {
    const rows = scoreStage(Array.from({ length: 10 }, (_, i) => entry(i + 1, 10000 + i * 0.9)));
    expect(rows.map((r) => r.time)).toEqual(Array(10).fill(10000));
    expect(rows.map((r) => r.place)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('scenario 3: a 3 s threshold groups all of scenario 1; F at E + 3.00 splits, E + 2.99 does not', () => {
    const sameTime = { threshold: BUNCH_SPRINT_THRESHOLD };
    expect(scoreStage(SCENARIO_1, { sameTime }).map((r) => r.time)).toEqual(Array(5).fill(10800));
    const split = scoreStage([...SCENARIO_1, entry(6, 10802.9 + 3.0)], { sameTime });
    expect(byBibOf(split, 6).time).toBe(10805);
    const joined = scoreStage([...SCENARIO_1, entry(6, 10802.9 + 2.99)], { sameTime });
    expect(byBibOf(joined, 6).time).toBe(10800);
  });

  it('scenario 6: a 5th place disqualified before approval → 6th becomes 5th; team classification recomputed', () => {
    const entries = [1, 2, 3, 4, 5, 6, 7].map((bib) =>
      entry(bib, 10000 + bib * 2, { team: bib % 2 ? 'A' : 'B' }),
    );
    const before = scoreStage(entries);
    expect(byBibOf(before, 6).place).toBe(6);
    const after = scoreStage(entries.map((e) => (e.bib === 5 ? { ...e, status: 'DSQ' as const } : e)));
    expect(after.filter((r) => r.place !== null).map((r) => [r.bib, r.place])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [6, 5],
      [7, 6],
    ]);
    expect(byBibOf(after, 5)).toMatchObject({ status: 'DSQ', place: null, rank: null, time: null });
    // Team A counted 1, 3, 5 (10002 + 10006 + 10010); without 5 it counts 1, 3, 7.
    expect(teamStage(before).find((t) => t.team === 'A')?.time).toBe(30018);
    expect(teamStage(after).find((t) => t.team === 'A')?.time).toBe(30022);
  });

  it('scenario 10: a dead heat for 2nd → both get 6 s; the next rider is 4th and gets nothing', () => {
    const rows = scoreStage([entry(1, 100), entry(2, 101.5), entry(3, 101.5), entry(4, 102)], {
      photoFinish: [1, [2, 3], 4],
    });
    expect(rows.map((r) => [r.bib, r.place, r.rank])).toEqual([
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 2],
      [4, 4, 4],
    ]);
    const ranking = rows.map((r) => ({ bib: r.bib, rank: r.rank! }));
    const bonuses = stageBonuses('road', [{ ranking, scale: FINISH_BONUS }]);
    expect([...bonuses.entries()]).toEqual([
      [1, 10],
      [2, 6],
      [3, 6],
    ]);
    expect(bonuses.get(4)).toBeUndefined();
  });

  it('scenario 18: 164 km, winner 4:00:00 (41.0 km/h, 7 %) → cut-off 4:16:48; 4:16:48 in, 4:16:49 OTL', () => {
    const percent = timeLimitPercent(metres(164_000), seconds(14_400));
    expect(percent).toBe(7);
    expect(timeLimitCutOff(seconds(14_400), percent)).toBe(15_408);
    const rows = scoreStage([entry(1, 14_400), entry(2, 15_408), entry(3, 15_409)], {
      timeLimit: { percent },
    });
    expect(rows.map((r) => [r.bib, r.status, r.place])).toEqual([
      [1, 'finisher', 1],
      [2, 'finisher', 2],
      [3, 'OTL', null],
    ]);
    expect(byBibOf(rows, 3).time).toBe(15_409);
    const strict = scoreStage([entry(1, 14_400), entry(2, 15_408)], {
      timeLimit: { percent, onLimitIsInside: false },
    });
    expect(byBibOf(strict, 2).status).toBe('OTL');
    const reinstated = scoreStage([entry(1, 14_400), entry(3, 15_409)], {
      timeLimit: { percent, reinstated: [3] },
    });
    expect(byBibOf(reinstated, 3)).toMatchObject({ status: 'finisher', place: 2 });
  });
});

describe('road race stage: edges', () => {
  it('an empty stage scores to no rows', () => {
    expect(scoreStage([])).toEqual([]);
  });

  it('lists non-finishers after finishers in status order, then by bib', () => {
    const rows = scoreStage([
      entry(9, undefined, { status: 'DNS' }),
      entry(8),
      entry(7, 100, { status: 'PUL' }),
      entry(6, 50),
      entry(5, undefined, { status: 'NP' }),
      entry(4, undefined, { status: 'DNF' }),
    ]);
    expect(rows.map((r) => [r.bib, r.status])).toEqual([
      [6, 'finisher'],
      [7, 'PUL'],
      [4, 'DNF'],
      [8, 'DNF'],
      [9, 'DNS'],
      [5, 'NP'],
    ]);
  });

  it('is independent of input order: equal crossings tie-break by bib', () => {
    const a = scoreStage([entry(3, 10), entry(1, 10), entry(2, 10)]);
    const b = scoreStage([entry(2, 10), entry(3, 10), entry(1, 10)]);
    expect(a).toEqual(b);
    expect(a.map((r) => r.bib)).toEqual([1, 2, 3]);
  });

  it('a photo-finish order overrides crossing timestamps and keeps the group time', () => {
    const rows = scoreStage([entry(1, 100.0), entry(2, 100.02), entry(3, 104)], { photoFinish: [2, 1] });
    expect(rows.map((r) => [r.bib, r.place, r.time])).toEqual([
      [2, 1, 100],
      [1, 2, 100],
      [3, 3, 104],
    ]);
  });

  it('a relegation moves the rider to the given place and shifts the others', () => {
    const rows = scoreStage([entry(1, 10), entry(2, 11), entry(3, 12), entry(4, 13)], {
      relegations: [{ bib: 1, toPlace: 3 }],
    });
    expect(rows.map((r) => [r.bib, r.place])).toEqual([
      [2, 1],
      [3, 2],
      [1, 3],
      [4, 4],
    ]);
  });

  it('a bike-length gap correction keeps a rider a wheel’s length behind a 1 s gap in the group', () => {
    const rows = scoreStage([entry(1, 100), entry(2, 101.05)], { sameTime: { gapCorrection: seconds(0.1) } });
    expect(byBibOf(rows, 2).time).toBe(100);
  });

  it('time-trial stages keep hundredths and have no same-time groups', () => {
    const rows = scoreStage([entry(1, 1210.12), entry(2, 1210.45)], { kind: 'itt' });
    expect(rows.map((r) => r.time)).toEqual([1210.12, 1210.45]);
  });
});

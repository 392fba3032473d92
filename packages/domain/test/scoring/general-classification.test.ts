import { describe, expect, it } from 'vitest';
import type { GcStage } from '../../src/scoring/general-classification.ts';
import { gcRankMap, generalClassification } from '../../src/scoring/general-classification.ts';
import { seconds } from '../../src/units.ts';
import { row } from './helpers.ts';

const secs = (entries: Array<[number, number]>) =>
  new Map(entries.map(([bib, s]) => [bib, seconds(s)] as const));

describe('general classification', () => {
  it('scenario 7: GC = 14400 + 15005 + ITT 1210.45 − 10 bonus + 20 penalty = 30625 (hundredths for tie-break)', () => {
    const stages: GcStage[] = [
      { kind: 'road', rows: [row(1, 1, 14_400)], bonuses: secs([[1, 10]]) },
      { kind: 'road', rows: [row(1, 1, 15_005)], penalties: secs([[1, 20]]) },
      { kind: 'itt', rows: [row(1, 1, 1210.45)] },
    ];
    const [gc] = generalClassification(stages);
    expect(gc).toMatchObject({ bib: 1, rank: 1, time: 30_625, ittHundredths: 45, gap: 0 });
  });

  it('scenario 8: GC tie at 30625, ITT A 1210.45 vs B 1210.12 → B ahead', () => {
    const A = 1;
    const B = 2;
    const stages: GcStage[] = [
      { kind: 'road', rows: [row(A, 1, 14_400), row(B, 2, 14_400)], bonuses: secs([[A, 10]]) },
      { kind: 'road', rows: [row(A, 1, 15_005), row(B, 2, 15_005)], penalties: secs([[A, 20]]) },
      { kind: 'itt', rows: [row(B, 1, 1210.12), row(A, 2, 1210.45)], penalties: secs([[B, 10]]) },
    ];
    const gc = generalClassification(stages);
    expect(gc.map((r) => [r.bib, r.time, r.rank])).toEqual([
      [B, 30_625, 1],
      [A, 30_625, 2],
    ]);
  });

  it('scenario 9: GC tie, no ITT: placings A 3+10+5 = 18 beat B 1+15+4 = 20; equal sums → last stage', () => {
    const A = 1;
    const B = 2;
    const tied = (pa: number[], pb: number[]): GcStage[] =>
      pa.map((p, i) => ({ kind: 'road', rows: [row(A, p, 1000), row(B, pb[i]!, 1000)] }));
    const gc = generalClassification(tied([3, 10, 5], [1, 15, 4]));
    expect(gc.map((r) => [r.bib, r.placeSum, r.rank])).toEqual([
      [A, 18, 1],
      [B, 20, 2],
    ]);
    const equal = generalClassification(tied([3, 10, 5], [1, 13, 4]));
    expect(equal.map((r) => [r.bib, r.placeSum, r.lastStagePlace])).toEqual([
      [B, 18, 4],
      [A, 18, 5],
    ]);
  });

  it('excludes team time trials from the placings sum', () => {
    const stages: GcStage[] = [
      { kind: 'road', rows: [row(1, 2, 1000), row(2, 1, 1000)] },
      { kind: 'ttt', rows: [row(1, 1, 600), row(2, 9, 600)] },
      { kind: 'road', rows: [row(1, 1, 1000), row(2, 2, 1000)] },
    ];
    expect(generalClassification(stages).map((r) => [r.bib, r.placeSum])).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });

  it('a rider who abandons mid-race leaves the GC from that stage on', () => {
    const dnf = { ...row(2, 2, 0), place: null, rank: null, time: null, status: 'DNF' as const };
    const stages: GcStage[] = [
      { kind: 'road', rows: [row(1, 1, 1000), row(2, 2, 900), row(3, 3, 1100)] },
      { kind: 'road', rows: [row(1, 1, 1000), dnf, row(3, 2, 1000)] },
      { kind: 'road', rows: [row(1, 1, 1000), row(2, 2, 1000), row(3, 3, 1000)] },
    ];
    const gc = generalClassification(stages);
    expect(gc.map((r) => [r.bib, r.time, r.gap])).toEqual([
      [1, 3000, 0],
      [3, 3100, 100],
    ]);
    expect([...gcRankMap(gc)]).toEqual([
      [1, 1],
      [3, 2],
    ]);
  });

  it('uses the GC time point when times are frozen before the finish, not the finish times', () => {
    const stages: GcStage[] = [
      { kind: 'road', rows: [row(1, 1, 1000), row(2, 2, 1000)] },
      {
        kind: 'road',
        rows: [row(1, 1, 2000), row(2, 2, 2030)],
        gcTimes: secs([
          [1, 1800],
          [2, 1800],
        ]),
      },
    ];
    const gc = generalClassification(stages);
    expect(gc.map((r) => [r.bib, r.time])).toEqual([
      [1, 2800],
      [2, 2800],
    ]);
  });

  it('no stages → empty GC; fully equal riders share the rank, ordered by bib', () => {
    expect(generalClassification([])).toEqual([]);
    const gc = generalClassification([
      {
        kind: 'road',
        rows: [
          { ...row(2, 1, 10), rank: 1 },
          { ...row(1, 2, 10), rank: 1 },
        ],
      },
    ]);
    expect(gc.map((r) => [r.bib, r.rank])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });
});

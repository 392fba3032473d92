import { describe, expect, it } from 'vitest';
import type { StageStatisticsView } from '../../src/api/stats-types.ts';
import {
  averageSpeedSeries,
  bucketLabel,
  busiestBucket,
  dnfRateSeries,
  formatPercent,
  histogramSeries,
  minutesToClock,
  racesPerYearSeries,
  raceTotals,
} from '../../src/components/stats/stats-series.ts';

function stage(number: number, extra: Partial<StageStatisticsView> = {}): StageStatisticsView {
  return {
    stageId: `s${number}`,
    number,
    name: `Stage ${number}`,
    length: 100_000,
    starters: 100,
    finishers: 90,
    dnf: 10,
    dns: 0,
    dsq: 0,
    otl: 0,
    dnfRate: 0.1,
    winnerTime: 9000,
    averageSpeed: 40,
    fastest: null,
    segments: [],
    histogram: { bucketSeconds: 60, buckets: [] },
    ...extra,
  };
}

const buckets = [
  { from: 14_400, to: 14_700, count: 3 },
  { from: 14_700, to: 15_000, count: 7 },
  { from: 15_000, to: 15_300, count: 7 },
  { from: 15_300, to: 15_600, count: 0 },
];

describe('finish-time histogram', () => {
  it('places bars at each bucket start in minutes with their counts', () => {
    const series = histogramSeries(buckets);
    expect(series.x).toEqual([240, 245, 250, 255]);
    expect(series.y).toEqual([3, 7, 7, 0]);
    expect(series.labels[0]).toBe('4:00:00–4:05:00');
    expect(bucketLabel({ from: 59, to: 61 })).toBe('0:59–1:01');
  });

  it('finds the busiest bucket (the first of equals), none when nobody finished', () => {
    expect(busiestBucket(buckets)).toEqual(buckets[1]);
    expect(busiestBucket([{ from: 0, to: 60, count: 0 }])).toBeNull();
  });

  it('reads minutes as h:mm on the axis', () => {
    expect(minutesToClock(245)).toBe('4:05');
    expect(minutesToClock(59.6)).toBe('1:00');
  });
});

describe('per-stage series', () => {
  it('keeps stage order and leaves gaps for missing values', () => {
    const stages = [stage(2, { dnfRate: null, averageSpeed: 38.26 }), stage(1, { dnfRate: 0.125 })];
    expect(dnfRateSeries(stages)).toEqual({ x: [1, 2], y: [12.5, null], labels: ['Stage 1', 'Stage 2'] });
    expect(averageSpeedSeries(stages).y).toEqual([40, 38.3]);
  });

  it('counts races per year in year order', () => {
    expect(
      racesPerYearSeries([
        { year: 2024, races: 3 },
        { year: 2022, races: 1 },
      ]),
    ).toMatchObject({
      x: [2022, 2024],
      y: [1, 3],
    });
  });
});

describe('raceTotals', () => {
  it('counts starters of the first stage, finishers of the last, and the fastest ride', () => {
    const fast = { registrationId: 'r', bib: 7, name: 'Fast', speed: 45, time: 8000 };
    const totals = raceTotals([
      stage(2, { starters: 90, finishers: 80, fastest: fast }),
      stage(1, { starters: 100, finishers: 90, fastest: { ...fast, speed: 41 } }),
    ]);
    expect(totals).toMatchObject({ stages: 2, starters: 100, finishers: 80, fastest: fast });
    expect(totals.dropoutRate).toBeCloseTo(0.2);
    expect(totals.fastestStage?.number).toBe(2);
    expect(raceTotals([]).dropoutRate).toBeNull();
  });

  it('formats shares as percentages', () => {
    expect(formatPercent(0.2321)).toBe('23.2 %');
    expect(formatPercent(null)).toBe('–');
  });
});

/**
 * Chart series and summaries from the statistics endpoints: the finish-time histogram, per-stage DNF
 * rates and speeds, races per year. Each chart's numbers also feed the table read by screen readers.
 */
import type { HistogramBucketView, StageStatisticsView } from '../../api/stats-types.ts';
import { formatDuration } from '../../format/format.ts';

export interface BarSeries {
  /** Positions on the x axis (bucket start in minutes, stage number, year). */
  x: number[];
  y: Array<number | null>;
  /** What each bar is, for the tooltip-free canvas and the table beside it. */
  labels: string[];
}

/** "4:05:00–4:10:00": a bucket's range of finish times. */
export function bucketLabel(bucket: Pick<HistogramBucketView, 'from' | 'to'>): string {
  return `${formatDuration(bucket.from)}–${formatDuration(bucket.to)}`;
}

/** Finishers per finish-time bucket; x is the bucket's start in minutes (bars span from there). */
export function histogramSeries(buckets: readonly HistogramBucketView[]): BarSeries {
  return {
    x: buckets.map((b) => b.from / 60),
    y: buckets.map((b) => b.count),
    labels: buckets.map(bucketLabel),
  };
}

/** The bucket most finishers fell in (the first of equals), or null when none finished. */
export function busiestBucket(buckets: readonly HistogramBucketView[]): HistogramBucketView | null {
  let best: HistogramBucketView | null = null;
  for (const bucket of buckets) if (bucket.count > 0 && (!best || bucket.count > best.count)) best = bucket;
  return best;
}

type StageNumbers = Pick<StageStatisticsView, 'number' | 'name'>;

/** One value per stage, in stage order; a stage without the value keeps its place with a gap. */
export function perStageSeries<T extends StageNumbers>(
  stages: readonly T[],
  value: (stage: T) => number | null,
): BarSeries {
  const ordered = [...stages].sort((a, b) => a.number - b.number);
  return {
    x: ordered.map((s) => s.number),
    y: ordered.map(value),
    labels: ordered.map((s) => s.name),
  };
}

/** DNF rate per stage, in percent. */
export function dnfRateSeries(stages: readonly StageStatisticsView[]): BarSeries {
  return perStageSeries(stages, (s) => (s.dnfRate === null ? null : Math.round(s.dnfRate * 1000) / 10));
}

export function averageSpeedSeries(stages: readonly StageStatisticsView[]): BarSeries {
  return perStageSeries(stages, (s) =>
    s.averageSpeed === null ? null : Math.round(s.averageSpeed * 10) / 10,
  );
}

export function racesPerYearSeries(rows: ReadonlyArray<{ year: number; races: number }>): BarSeries {
  const ordered = [...rows].sort((a, b) => a.year - b.year);
  return {
    x: ordered.map((r) => r.year),
    y: ordered.map((r) => r.races),
    labels: ordered.map((r) => String(r.year)),
  };
}

/** A share (0–1) as "12.5 %", or "–" when unknown. */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  return `${(Math.round(share * 1000) / 10).toFixed(1)} %`;
}

/** Minutes as a clock duration on an axis: 245 → "4:05". */
export function minutesToClock(minutes: number): string {
  const whole = Math.round(minutes);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export interface RaceTotals {
  stages: number;
  /** Riders who started the first stage with a result. */
  starters: number;
  /** Finishers of the last stage with results: those still in the race at the end. */
  finishers: number;
  /** 1 − finishers / starters, or null without starters. */
  dropoutRate: number | null;
  fastest: StageStatisticsView['fastest'];
  fastestStage: StageNumbers | null;
}

/** A race in a few numbers: who started, who reached the end, the fastest ride of any stage. */
export function raceTotals(stages: readonly StageStatisticsView[]): RaceTotals {
  const ordered = [...stages].sort((a, b) => a.number - b.number);
  const first = ordered[0];
  const last = ordered.at(-1);
  let fastest: RaceTotals['fastest'] = null;
  let fastestStage: StageNumbers | null = null;
  for (const stage of ordered) {
    if (stage.fastest && (!fastest || stage.fastest.speed > fastest.speed)) {
      fastest = stage.fastest;
      fastestStage = stage;
    }
  }
  const starters = first?.starters ?? 0;
  const finishers = last?.finishers ?? 0;
  return {
    stages: ordered.length,
    starters,
    finishers,
    dropoutRate: starters > 0 ? 1 - finishers / starters : null,
    fastest,
    fastestStage,
  };
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StageStatisticsView } from '../../api/stats-types.ts';
import { LazyBarChart } from './LazyBarChart.tsx';
import styles from './Stats.module.css';
import { bucketLabel, busiestBucket, histogramSeries, minutesToClock } from './stats-series.ts';

/** How a stage's finishers spread over finish times, with the same numbers as a table for screen readers. */
export function FinishHistogram({ stage }: { stage: StageStatisticsView }) {
  const { t } = useTranslation('stats');
  const { buckets, bucketSeconds } = stage.histogram;
  const series = useMemo(() => histogramSeries(buckets), [buckets]);
  const busiest = busiestBucket(buckets);
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (buckets.length === 0 || !busiest) return <p className="status-line">{t('stages.none')}</p>;
  const label = t('charts.histogram', { number: stage.number });
  return (
    <div className={styles.chart}>
      <LazyBarChart
        series={series}
        label={label}
        summary={t('charts.histogramSummary', {
          count: total,
          range: bucketLabel(busiest),
          most: busiest.count,
        })}
        xLabel={t('charts.histogramTime')}
        yLabel={t('charts.histogramAxis')}
        formatX={minutesToClock}
        step={bucketSeconds / 60}
        align="start"
        colour="#1b7f3b"
      />
      <table className="visually-hidden">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{t('charts.bucket')}</th>
            <th scope="col">{t('charts.count')}</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((bucket) => (
            <tr key={bucket.from}>
              <th scope="row">{bucketLabel(bucket)}</th>
              <td>{bucket.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

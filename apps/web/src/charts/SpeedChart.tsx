import { useTranslation } from 'react-i18next';
import { SeriesChart } from './SeriesChart.tsx';
import { extent } from './series.ts';

export interface SpeedChartProps {
  /** km from the start, ascending. */
  km: number[];
  /** km/h at each distance. */
  speed: number[];
  label: string;
  height?: number;
}

/** A rider's speed against distance, with the average and top speed in words for screen readers. */
export function SpeedChart({ km, speed, label, height }: SpeedChartProps) {
  const { t } = useTranslation('rider');
  const range = extent(speed);
  const summary = range
    ? t('charts.speedSummary', {
        distance: (km.at(-1) ?? 0).toFixed(1),
        mean: range.mean.toFixed(1),
        max: range.max.toFixed(1),
      })
    : t('charts.noData');
  return (
    <SeriesChart
      x={km}
      series={[{ label: t('charts.speed'), values: speed, colour: '#d62828' }]}
      xLabel="km"
      yLabel="km/h"
      label={label}
      summary={summary}
      {...(height !== undefined ? { height } : {})}
    />
  );
}

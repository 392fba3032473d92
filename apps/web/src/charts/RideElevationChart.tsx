import { useTranslation } from 'react-i18next';
import { SeriesChart } from './SeriesChart.tsx';
import { climbing, extent } from './series.ts';

export interface RideElevationChartProps {
  /** km from the start, ascending. */
  km: number[];
  /** m at each distance. */
  elevation: Array<number | null>;
  label: string;
  height?: number;
}

/** The elevation a rider rode through against distance, its range and climbing in words. */
export function RideElevationChart({ km, elevation, label, height }: RideElevationChartProps) {
  const { t } = useTranslation('rider');
  const range = extent(elevation);
  const summary = range
    ? t('charts.elevationSummary', {
        distance: (km.at(-1) ?? 0).toFixed(1),
        min: Math.round(range.min),
        max: Math.round(range.max),
        climbing: Math.round(climbing(elevation)),
      })
    : t('charts.noData');
  return (
    <SeriesChart
      x={km}
      series={[
        {
          label: t('charts.elevation'),
          values: elevation,
          colour: '#0b3d91',
          fill: 'rgba(11, 61, 145, 0.15)',
        },
      ]}
      xLabel="km"
      yLabel="m"
      label={label}
      summary={summary}
      {...(height !== undefined ? { height } : {})}
    />
  );
}

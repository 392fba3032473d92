import { useMemo } from 'react';
import uPlot from 'uplot';
import { UPlotChart } from '../../charts/UPlotChart.tsx';
import type { BarSeries } from './stats-series.ts';

export interface BarChartProps {
  series: BarSeries;
  label: string;
  /** The same numbers in words, for screen readers (the chart is a canvas). */
  summary: string;
  xLabel: string;
  yLabel: string;
  /** How an x value reads on the axis (stage number, year, hours). */
  formatX?: (value: number) => string;
  /** Distance between bars on the x axis (1 for stages and years; the bucket width for a histogram). */
  step?: number;
  colour?: string;
  height?: number;
  /** 'centre': each bar centred on its x (categories); 'start': bars span [x, x + step) (histograms). */
  align?: 'centre' | 'start';
}

const MINUTES = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440, 2880];

/** Tick spacings for a time axis in minutes: whole multiples of the bucket width that read as time. */
function minuteSteps(step: number): number[] {
  const fitting = MINUTES.filter((m) => m >= step && m % step === 0);
  return fitting.length > 0 ? fitting : [step, step * 2, step * 5, step * 10];
}

/** A bar chart on uPlot (loaded with the statistics, not before). */
export default function BarChart({
  series,
  label,
  summary,
  xLabel,
  yLabel,
  formatX = (value) => String(value),
  step = 1,
  colour = '#0b3d91',
  height = 220,
  align = 'centre',
}: BarChartProps) {
  const data = useMemo<uPlot.AlignedData>(() => [series.x, series.y], [series]);
  const first = series.x[0] ?? 0;
  const last = series.x.at(-1) ?? 0;
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: {
          time: false,
          range: align === 'start' ? [first, last + step] : [first - step / 2, last + step / 2],
        },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        {
          label: xLabel,
          size: 44,
          incrs:
            align === 'start'
              ? minuteSteps(step)
              : [step, step * 2, step * 5, step * 10, step * 20, step * 50],
          values: (_u, ticks) => ticks.map((tick) => formatX(tick)),
        },
        { label: yLabel, size: 52 },
      ],
      series: [
        {},
        {
          stroke: colour,
          fill: `${colour}cc`,
          width: 1,
          points: { show: false },
          paths: uPlot.paths.bars!({
            size: align === 'start' ? [0.96, Infinity] : [0.8, 80],
            align: align === 'start' ? 1 : 0,
          }),
        },
      ],
    }),
    [first, last, step, xLabel, yLabel, formatX, colour, align],
  );
  return <UPlotChart options={options} data={data} height={height} label={label} summary={summary} />;
}

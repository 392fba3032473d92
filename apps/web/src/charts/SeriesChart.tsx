import { useMemo } from 'react';
import type uPlot from 'uplot';
import { UPlotChart } from './UPlotChart.tsx';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  colour: string;
  /** Area under the line, e.g. an elevation profile. */
  fill?: string;
}

export interface SeriesChartProps {
  /** Ascending x values shared by every series. */
  x: number[];
  series: ChartSeries[];
  xLabel: string;
  yLabel: string;
  /** Accessible name of the figure. */
  label: string;
  /** What the chart shows, in words, for screen readers. */
  summary: string;
  height?: number;
  /** Fixed y range; the data's own extent otherwise. */
  yRange?: [number, number];
}

/** One or more lines against a shared x axis (distance, time…): the charts of the rider page. */
export function SeriesChart({
  x,
  series,
  xLabel,
  yLabel,
  label,
  summary,
  height = 180,
  yRange,
}: SeriesChartProps) {
  const data = useMemo<uPlot.AlignedData>(() => [x, ...series.map((s) => s.values)], [x, series]);
  const shape = series.map((s) => `${s.label}|${s.colour}|${s.fill ?? ''}`).join(',');
  const yMin = yRange?.[0];
  const yMax = yRange?.[1];
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shape` stands for the series' looks
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: series.length > 1 },
      cursor: { y: false },
      scales: {
        x: { time: false },
        y: yMin !== undefined && yMax !== undefined ? { range: [yMin, yMax] } : {},
      },
      axes: [
        { label: xLabel, size: 36 },
        { label: yLabel, size: 52 },
      ],
      series: [
        { label: xLabel },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.colour,
          width: 2,
          ...(s.fill ? { fill: s.fill } : {}),
          points: { show: false },
          spanGaps: false,
        })),
      ],
    }),
    [shape, xLabel, yLabel, yMin, yMax],
  );
  return <UPlotChart options={options} data={data} height={height} label={label} summary={summary} />;
}

import { lazy, Suspense } from 'react';
import type { BarChartProps } from './BarChart.tsx';

const BarChart = lazy(() => import('./BarChart.tsx'));

/** The bar chart, its uPlot code fetched only when a chart is on screen; the space is kept meanwhile. */
export function LazyBarChart(props: BarChartProps) {
  return (
    <Suspense fallback={<div style={{ height: props.height ?? 220 }} aria-hidden="true" />}>
      <BarChart {...props} />
    </Suspense>
  );
}

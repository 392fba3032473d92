import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface UPlotChartProps {
  /** Options without width/height: the chart follows its container's size. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  label: string;
  /** A textual alternative for screen readers (the chart itself is a canvas). */
  summary?: string;
  onReady?: (chart: uPlot) => void;
}

/**
 * uPlot in React: created when the options change, fed new data without re-creation (cheap enough to
 * redraw every second on the live page), resized with its container.
 */
export function UPlotChart({ options, data, height, label, summary, onReady }: UPlotChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latestData = useRef(data);
  latestData.current = data;
  // A callback, not a reason to build the chart again: a new function each render must not recreate it.
  const ready = useRef(onReady);
  ready.current = onReady;

  useEffect(() => {
    const host = element.current;
    if (!host) return;
    const created = new uPlot(
      { ...options, width: host.clientWidth || 600, height },
      latestData.current,
      host,
    );
    chart.current = created;
    ready.current?.(created);
    const observer = new ResizeObserver(() => {
      if (host.clientWidth > 0) created.setSize({ width: host.clientWidth, height });
    });
    observer.observe(host);
    return () => {
      observer.disconnect();
      created.destroy();
      chart.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    // New data brings its own extent (another rider, a longer race): the scales follow it.
    chart.current?.setData(data, true);
  }, [data]);

  return (
    <figure className="chart" aria-label={label} style={{ margin: 0, minWidth: 0 }}>
      <div ref={element} aria-hidden="true" />
      {summary && <figcaption className="visually-hidden">{summary}</figcaption>}
    </figure>
  );
}

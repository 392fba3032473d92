import { useCallback, useEffect, useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { extent, interpolateColumn, wrapToLap } from './series.ts';
import { UPlotChart } from './UPlotChart.tsx';

export interface ProfileMarker {
  /** Metres from the start of the stage (laps wrap onto the one-lap profile). */
  d: number;
  colour: string;
  /** Drawn larger and outlined: followed riders. */
  highlighted?: boolean;
}

export interface ElevationProfileProps {
  /** [distance m, elevation m] of one lap. */
  profile: Array<[number, number]>;
  checkpoints?: Array<{ name: string; d: number; kind: string }>;
  markers?: ProfileMarker[];
  height?: number;
  label: string;
}

/** The stage's elevation against distance, checkpoints as ticks and riders as dots on the line. */
export function ElevationProfile({
  profile,
  checkpoints = [],
  markers = [],
  height = 160,
  label,
}: ElevationProfileProps) {
  const markersRef = useRef(markers);
  markersRef.current = markers;
  const checkpointsRef = useRef(checkpoints);
  checkpointsRef.current = checkpoints;
  const chartRef = useRef<uPlot | null>(null);
  const onReady = useCallback((chart: uPlot) => {
    chartRef.current = chart;
  }, []);
  // Riders move every second; the line does not: redraw the dots without re-feeding the data.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the draw hook reads them through refs; new ones mean redraw
  useEffect(() => {
    chartRef.current?.redraw(false, false);
  }, [markers, checkpoints]);

  const data = useMemo<uPlot.AlignedData>(
    () => [profile.map((p) => p[0] / 1000), profile.map((p) => p[1])],
    [profile],
  );
  const lapKm = profile.length > 0 ? profile[profile.length - 1]![0] / 1000 : 0;

  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: false },
      cursor: { y: false },
      scales: { x: { time: false } },
      axes: [
        { label: 'km', size: 36 },
        { label: 'm', size: 48 },
      ],
      series: [{}, { stroke: '#0b3d91', width: 2, fill: 'rgba(11, 61, 145, 0.15)', points: { show: false } }],
      hooks: {
        draw: [
          (chart: uPlot) => {
            const ctx = chart.ctx;
            // On the line between profile points, not on the step of the point before.
            const elevationAt = (km: number) => interpolateColumn(chart.data[0], chart.data[1], km) ?? 0;
            ctx.save();
            for (const checkpoint of checkpointsRef.current) {
              const x = chart.valToPos(checkpoint.d / 1000, 'x', true);
              ctx.strokeStyle = 'rgba(20, 23, 31, 0.35)';
              ctx.setLineDash([4, 4]);
              ctx.beginPath();
              ctx.moveTo(x, chart.bbox.top);
              ctx.lineTo(x, chart.bbox.top + chart.bbox.height);
              ctx.stroke();
            }
            ctx.setLineDash([]);
            // One path per look (colour, followed or not), filled and stroked once: thousands of
            // riders cost a handful of canvas calls, not one fill and stroke each. Followed riders last,
            // so they sit on top.
            // Riders in a bunch land on the same pixel: a dot already drawn there in the same look is
            // not drawn again (a field of thousands is a few hundred distinct dots).
            const buckets = new Map<
              string,
              { colour: string; highlighted: boolean; path: Path2D; drawn: Set<number> }
            >();
            for (const marker of markersRef.current) {
              const highlighted = marker.highlighted === true;
              const key = `${highlighted ? 1 : 0}${marker.colour}`;
              let bucket = buckets.get(key);
              if (!bucket) {
                bucket = { colour: marker.colour, highlighted, path: new Path2D(), drawn: new Set() };
                buckets.set(key, bucket);
              }
              // A finisher at the end of the lap stays at the finish, not back at 0 km.
              const km = wrapToLap(marker.d / 1000, lapKm);
              const x = chart.valToPos(km, 'x', true);
              const y = chart.valToPos(elevationAt(km), 'y', true);
              const pixel = Math.round(x) * 65_536 + Math.round(y);
              if (bucket.drawn.has(pixel)) continue;
              bucket.drawn.add(pixel);
              const r = (highlighted ? 6 : 4) * devicePixelRatio;
              bucket.path.moveTo(x + r, y);
              bucket.path.arc(x, y, r, 0, Math.PI * 2);
            }
            const ordered = [...buckets.values()].sort(
              (a, b) => Number(a.highlighted) - Number(b.highlighted),
            );
            for (const bucket of ordered) {
              ctx.fillStyle = bucket.colour;
              ctx.fill(bucket.path);
              ctx.lineWidth = bucket.highlighted ? 2 * devicePixelRatio : devicePixelRatio;
              ctx.strokeStyle = bucket.highlighted ? '#14171f' : '#ffffff';
              ctx.stroke(bucket.path);
            }
            ctx.restore();
          },
        ],
      },
    }),
    [lapKm],
  );

  // No spread into Math.min: a long profile has more points than a call may take arguments.
  const range = extent(data[1]);
  const summary = range
    ? `${lapKm.toFixed(1)} km, from ${Math.round(range.min)} m to ${Math.round(range.max)} m`
    : undefined;
  return (
    <UPlotChart
      options={options}
      data={data}
      height={height}
      label={label}
      summary={summary}
      onReady={onReady}
    />
  );
}

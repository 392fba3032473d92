import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import { apiGet } from '../../api/client.ts';
import { UPlotChart } from '../../charts/UPlotChart.tsx';
import { formatDuration } from '../../format/format.ts';
import type { FeedState } from '../../live/feed-state.ts';
import { groupColour } from '../../live/group-colours.ts';
import { type FlowHistory, flowSeries, type SeedTrack } from '../../live/race-flow.ts';
import styles from './LivePage.module.css';

interface TracksResponse {
  startedAt: number;
  step: number;
  riders: SeedTrack[];
}

const SEED_STEP_S = 30;

/** Each rider's group by id, kept per feed version: redraws between frames reuse it. */
const groupsByRider = new WeakMap<FeedState, { at: number; size: number; grp: Map<string, number | null> }>();
function riderIndex(feed: FeedState): Map<string, number | null> {
  const cached = groupsByRider.get(feed);
  if (cached && cached.at === feed.at && cached.size === feed.riders.length) return cached.grp;
  const grp = new Map<string, number | null>();
  for (const rider of feed.riders) if (rider) grp.set(rider.id, rider.grp);
  groupsByRider.set(feed, { at: feed.at, size: feed.riders.length, grp });
  return grp;
}

/**
 * Distance against race time for every rider: the race's shape (gaps opening, groups forming) at a
 * glance. Drawn on uPlot's canvas in one pass, followed riders on top; seeded from the stored tracks
 * when the server has them, then filled from the live frames.
 */
export default function RaceFlowChart({
  history,
  historyVersion,
  state,
  stageId,
  followed,
  highlightedGroup,
}: {
  history: FlowHistory;
  historyVersion: number;
  state: FeedState;
  stageId: string;
  followed: ReadonlySet<string>;
  highlightedGroup: number | null;
}) {
  const { t } = useTranslation('live');
  const [seeded, setSeeded] = useState(0);
  useEffect(() => {
    if (history.seeded) return;
    const controller = new AbortController();
    apiGet<TracksResponse>(`/api/v1/stages/${stageId}/tracks?step=${SEED_STEP_S}`, controller.signal)
      .then((tracks) => {
        history.seed(tracks.riders, tracks.startedAt, (tracks.step || SEED_STEP_S) * 1000);
        setSeeded((value) => value + 1);
      })
      // No stored tracks (an older server, a stage not started): the chart starts from now.
      .catch(() => {});
    return () => controller.abort();
  }, [history, stageId]);

  const startedAt = state.startedAt ?? history.times[0] ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the history is mutated; its version says so
  const series = useMemo(() => flowSeries(history, startedAt), [history, historyVersion, seeded, startedAt]);
  const seriesRef = useRef(series);
  seriesRef.current = series;
  const look = useRef({ followed, highlightedGroup, state });
  look.current = { followed, highlightedGroup, state };

  const chart = useRef<uPlot | null>(null);
  const onReady = useCallback((created: uPlot) => {
    chart.current = created;
  }, []);
  // Following a rider or picking a group changes how lines look, not the data: redraw only.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the draw hook reads them through a ref
  useEffect(() => {
    chart.current?.redraw(false, false);
  }, [followed, highlightedGroup]);

  const data = useMemo<uPlot.AlignedData>(() => [series.x, series.front], [series]);
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max)] } },
      axes: [
        { values: (_u, ticks) => ticks.map((s) => formatDuration(s)), size: 36 },
        { label: 'km', size: 48 },
      ],
      series: [{}, { stroke: 'rgba(20, 23, 31, 0.25)', width: 1, points: { show: false } }],
      hooks: {
        draw: [
          (chart: uPlot) => {
            const { lines, x } = seriesRef.current;
            const { followed: ids, highlightedGroup: group, state: feed } = look.current;
            // Riders' groups by id, rebuilt only when the feed moved on (not on every redraw).
            const riders = riderIndex(feed);
            const ctx = chart.ctx;
            const ratio = devicePixelRatio;
            const xs = x.map((value) => chart.valToPos(value, 'x', true));
            const trace = (path: Path2D, km: Array<number | null>) => {
              let drawing = false;
              for (let k = 0; k < km.length; k += 1) {
                const value = km[k];
                if (value === null || value === undefined) {
                  drawing = false;
                  continue;
                }
                const y = chart.valToPos(value, 'y', true);
                if (drawing) path.lineTo(xs[k]!, y);
                else path.moveTo(xs[k]!, y);
                drawing = true;
              }
            };
            ctx.save();
            ctx.rect(chart.bbox.left, chart.bbox.top, chart.bbox.width, chart.bbox.height);
            ctx.clip();
            // One path per colour and emphasis, stroked once: thousands of riders cost a handful of
            // strokes. (Lines of one colour no longer darken where they cross each other; between
            // colours they still do.)
            const buckets = new Map<string, { colour: string; alpha: number; path: Path2D }>();
            const top: typeof lines = [];
            for (const line of lines) {
              if (ids.has(line.id)) {
                top.push(line);
                continue;
              }
              const grp = riders.get(line.id) ?? null;
              const alpha = group === null || grp === group ? 0.55 : 0.12;
              const colour = groupColour(grp);
              const key = `${alpha}${colour}`;
              let bucket = buckets.get(key);
              if (!bucket) {
                bucket = { colour, alpha, path: new Path2D() };
                buckets.set(key, bucket);
              }
              trace(bucket.path, line.km);
            }
            ctx.lineWidth = ratio;
            for (const bucket of buckets.values()) {
              ctx.globalAlpha = bucket.alpha;
              ctx.strokeStyle = bucket.colour;
              ctx.stroke(bucket.path);
            }
            ctx.globalAlpha = 1;
            for (const line of top) {
              const path = new Path2D();
              trace(path, line.km);
              ctx.lineWidth = 3 * ratio;
              ctx.strokeStyle = '#14171f';
              ctx.stroke(path);
              ctx.lineWidth = 1.5 * ratio;
              ctx.strokeStyle = groupColour(riders.get(line.id) ?? null);
              ctx.stroke(path);
            }
            ctx.restore();
          },
        ],
      },
    }),
    [],
  );

  const minutes = series.x.length > 1 ? Math.round((series.x[series.x.length - 1]! - series.x[0]!) / 60) : 0;
  return (
    <section aria-labelledby="live-flow" className={styles.panel}>
      <h2 id="live-flow">{t('flow.heading')}</h2>
      {series.x.length < 2 ? (
        <p className={styles.muted}>{t('flow.empty')}</p>
      ) : (
        <UPlotChart
          options={options}
          data={data}
          height={220}
          label={t('flow.label')}
          summary={t('flow.summary', { riders: series.lines.length, minutes })}
          onReady={onReady}
        />
      )}
    </section>
  );
}

// live3000_*: what a spectator of a 3,000-rider gran fondo receives. The fondo of support/fondo-live.ts
// (10 waves, the field over the first 25 km, phones every 1–10 s with 8 m of noise, some going quiet)
// is fed second by second into the live feed's own pieces — the domain's StageState and the server's
// FrameBuilder, as a stage's runtime ticks them — on a simulated clock, so the figures are the same on
// a busy machine. Each tick's delta is serialised and compressed as the gateway sends it (raw DEFLATE,
// what the web app asks for) and counted with its WebSocket header; the snapshot likewise.
import { deflateRawSync } from 'node:zlib';
import { LIVE_FEED_VERSION, type LiveSnapshot } from '@echelon/contracts';
import { epochMs, type Fix, type LiveCourse, metres, StageState } from '@echelon/domain';
import { FrameBuilder } from '../apps/server/src/live/frames.ts';
import { loadStage4 } from './support/course.ts';
import { FONDO_ELAPSED_S, FONDO_LIVE_RIDERS, fondoPeloton, Phones } from './support/fondo-live.ts';
import { frameAnatomy } from './support/frame-anatomy.ts';
import { type Metric, metric, type Options } from './support/report.ts';
import { median, quantile } from './support/stats.ts';

const T0 = Date.UTC(2025, 5, 1, 7, 0, 0);
/** Ticks before the window: every rider has been sent once and the feed is in its steady state. */
const WARM_UP_S = 30;
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Bytes of one WebSocket message from the server (unmasked): payload and header. */
const onTheWire = (payload: number) => payload + (payload < 126 ? 2 : payload < 65536 ? 4 : 10);

export function fondoFeed(riders: number) {
  const stage4 = loadStage4();
  const feedStations = [25_000, 60_000, 100_000].map((d, k) => ({
    id: uuid(900 + k),
    kind: 'timing' as const,
    name: `Feed ${k + 1}`,
    distance: metres(d),
  }));
  const course: LiveCourse = {
    points: stage4.points,
    lapLength: metres(stage4.length),
    lapCount: 1,
    length: metres(stage4.length),
    checkpoints: [
      ...feedStations,
      { id: uuid(999), kind: 'finish', name: 'Finish', distance: metres(stage4.length) },
    ],
  };
  const meta = Array.from({ length: riders }, (_, i) => ({
    id: uuid(i + 1),
    bib: i + 1,
    name: `Rider Number ${i + 1}`,
    team: i % 3 === 0 ? null : `Club ${1 + (i % 97)}`,
    category: i % 10 === 0 ? 'Elite' : 'Amateur',
  }));
  const state = new StageState(
    course,
    meta.map((m) => ({ riderId: m.id })),
  );
  state.start(epochMs(T0));
  const frames = new FrameBuilder(meta);
  const peloton = fondoPeloton(stage4.points, riders);
  const phones = new Phones(peloton, T0, 0);
  const feed = (second: number) =>
    phones.due(second, (i, fix) => {
      const live: Fix = { riderId: meta[i]!.id, altitude: null, ...fix, time: epochMs(fix.time) };
      state.addFix(live);
    });
  const tick = (second: number) => {
    const standings = state.standings(epochMs(T0 + second * 1000));
    return { standings, delta: frames.delta(uuid(0), standings, {}) };
  };
  const snapshot = (standings: ReturnType<typeof state.standings>): LiveSnapshot => ({
    type: 'snapshot',
    v: LIVE_FEED_VERSION,
    stageId: uuid(0),
    raceId: uuid(1_000_000),
    seq: frames.seq,
    at: standings.at,
    status: 'live',
    startedAt: T0,
    length: Math.round(stage4.length),
    riders: frames.riders(standings),
    groups: frames.groups(standings),
    checkpoints: course.checkpoints.map((c) => ({
      id: c.id,
      kind: c.kind,
      name: c.name,
      d: Math.round(c.distance),
    })),
    announcements: [],
  });
  return { feed, tick, snapshot };
}

export async function benchLive3000(options: Options): Promise<Metric[]> {
  const window = options.quick ? 30 : 120;
  const riders = FONDO_LIVE_RIDERS;
  const { feed, tick, snapshot } = fondoFeed(riders);
  const start = FONDO_ELAPSED_S - WARM_UP_S;
  // The race so far, one second at a time, then the warm-up ticks.
  for (let s = 1; s < start; s++) feed(s);
  for (let s = start; s < FONDO_ELAPSED_S; s++) {
    feed(s);
    tick(s);
  }
  const wire: number[] = [];
  const json: number[] = [];
  const buildMs: number[] = [];
  let largest = '';
  let last = tick(FONDO_ELAPSED_S - 1).standings;
  for (let s = FONDO_ELAPSED_S; s < FONDO_ELAPSED_S + window; s++) {
    feed(s);
    const started = performance.now();
    const { standings, delta } = tick(s);
    const frame = JSON.stringify(delta);
    buildMs.push(performance.now() - started);
    last = standings;
    json.push(frame.length);
    wire.push(onTheWire(deflateRawSync(frame).length));
    if (frame.length > largest.length) largest = frame;
  }
  const full = JSON.stringify(snapshot(last));
  const snapshotWire = onTheWire(deflateRawSync(full).length);
  console.error(`  largest delta ${frameAnatomy(largest)}`);
  const perSecond = wire.reduce((a, b) => a + b, 0) / window;
  const racing = last.riders.filter((r) => r.condition === 'racing').length;
  return [
    metric(
      'live3000_spectator_bytes_per_s',
      perSecond,
      'B/s',
      8192,
      'max',
      `${riders.toLocaleString('en-US')}-rider fondo (${racing} racing, ${last.groups.length} groups), 1 s tick, raw DEFLATE + WebSocket header, ${window} s`,
    ),
    metric('live3000_delta_p95_bytes', quantile(wire, 0.95), 'B', null, 'max', 'one tick on the wire'),
    metric(
      'live3000_delta_json_bytes',
      median(json),
      'B',
      null,
      'max',
      `median delta before compression; max ${quantile(json, 1)}`,
    ),
    metric(
      'live3000_snapshot_bytes',
      snapshotWire,
      'B',
      null,
      'max',
      `on the wire; ${Math.round(full.length / 1024)} KB as JSON`,
    ),
    metric(
      'live3000_frame_build_ms',
      median(buildMs),
      'ms',
      null,
      'max',
      `standings + delta + JSON, one core; p95 ${quantile(buildMs, 0.95).toFixed(1)} ms`,
    ),
  ];
}

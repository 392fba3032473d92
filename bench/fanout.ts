// fanout_connections, fanout_p99_ms, spectator_bytes_per_s: one server process (HTTP, ingest, processor,
// gateway on embedded PGlite, 1 s tick) with a 200-rider race fed live, and C spectators subscribed over
// WebSocket from child processes (bench/spectators.ts) so their work stays off the server's event loop.
// Latency is tick to receipt: the wall time the processor's tick began (hooked here, per seq) to the wall
// time a spectator's handler got the frame; p99 over every connection and tick of the measured window.
import { type ChildProcess, fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FromSpectators, ToSpectators } from './spectators.ts';
import { buildBatches, sendBatches } from './support/batches.ts';
import { loadStage4 } from './support/course.ts';
import { LiveDriver } from './support/driver.ts';
import { frameAnatomy } from './support/frame-anatomy.ts';
import { Peloton } from './support/peloton.ts';
import { CpuProfile } from './support/profile.ts';
import { setUpRace, startBenchApp } from './support/race.ts';
import { type Metric, metric, type Options } from './support/report.ts';
import { median, quantile, sleep, wallNow } from './support/stats.ts';

const RIDERS = 200;
const TICK_MS = 1000;
const CHILDREN = 2;
const CHUNK = 200;
const WARM_UP_TICKS = 3;
/** Seconds of race already ridden (and stored) when spectators arrive: trails, gaps and groups have settled. */
const HISTORY_S = 300;

export class Spectators {
  readonly child: ChildProcess;
  private waiting: Array<{ type: string; resolve: (m: FromSpectators) => void }> = [];
  subscribed = 0;

  constructor() {
    this.child = fork(path.resolve(import.meta.dirname, 'spectators.ts'), [], {
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: FromSpectators) => {
      if (message.type === 'progress') this.subscribed = message.subscribed;
      const i = this.waiting.findIndex((w) => w.type === message.type);
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(message);
    });
  }

  send(message: ToSpectators): void {
    this.child.send(message);
  }

  next<T extends FromSpectators['type']>(type: T): Promise<Extract<FromSpectators, { type: T }>> {
    return new Promise((resolve) =>
      this.waiting.push({ type, resolve: resolve as (m: FromSpectators) => void }),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.send({ type: 'close' });
      setTimeout(() => this.child.kill(), 10_000).unref();
    });
  }
}

/**
 * Opens `connections` spectators spread over one child process per URL (each subscribes its share to
 * `stageId`, `chunk` at a time), reporting progress; the children go into `children` as they start, so
 * the caller can close them even if opening fails.
 */
export async function openSpectators(
  children: Spectators[],
  urls: string[],
  stageId: string,
  connections: number,
  chunk: number,
): Promise<void> {
  const opening = performance.now();
  for (let k = 0; k < urls.length; k++) children.push(new Spectators());
  const progress = setInterval(() => {
    const n = children.reduce((sum, c) => sum + c.subscribed, 0);
    console.error(`  ${n.toLocaleString('en-US')} spectators subscribed`);
  }, 5000);
  const opened = await Promise.all(
    children.map((c, k) => {
      const done = c.next('opened');
      const count = Math.floor(connections / urls.length) + (k < connections % urls.length ? 1 : 0);
      c.send({ type: 'open', url: urls[k]!, stageId, count, chunk });
      return done;
    }),
  ).finally(() => clearInterval(progress));
  const subscribed = opened.reduce((sum, o) => sum + o.subscribed, 0);
  const failed = opened.reduce((sum, o) => sum + o.failed, 0);
  const servers = new Set(urls).size;
  console.error(
    `  ${subscribed.toLocaleString('en-US')} subscribed${servers > 1 ? ` over ${servers} servers` : ''} in ${((performance.now() - opening) / 1000).toFixed(1)} s` +
      (failed > 0 ? `, ${failed} failed (${opened.find((o) => o.failed > 0)?.lastError})` : ''),
  );
}

/** Asks every spectator process for its report over the measured ticks, and sums them. */
export async function collectReports(
  children: Spectators[],
  ticks: Extract<ToSpectators, { type: 'report' }>['ticks'],
  from: number,
  to: number,
) {
  const reports = await Promise.all(
    children.map((c) => {
      const done = c.next('report');
      c.send({ type: 'report', ticks, from, to });
      return done;
    }),
  );
  const latencies = new Float64Array(reports.reduce((n, r) => n + r.latencies.length, 0));
  let offset = 0;
  for (const r of reports) {
    latencies.set(r.latencies, offset);
    offset += r.latencies.length;
  }
  const sum = (field: 'complete' | 'open' | 'bytes' | 'resyncs' | 'cpuMs') =>
    reports.reduce((n, r) => n + r[field], 0);
  return {
    latencies,
    complete: sum('complete'),
    open: sum('open'),
    bytes: sum('bytes'),
    resyncs: sum('resyncs'),
    spectatorCpuMs: sum('cpuMs'),
  };
}

export async function benchFanout(options: Options): Promise<Metric[]> {
  const connections = options.quick ? 1000 : 10_000;
  const measuredTicks = options.quick ? 10 : 60;
  const course = loadStage4();
  const { app, close } = await startBenchApp(TICK_MS);
  const children: Spectators[] = [];
  let driver: LiveDriver | null = null;
  try {
    const startAt = Date.now() - HISTORY_S * 1000;
    const race = await setUpRace(app, course, { riders: RIDERS, startAt });
    const peloton = Peloton.race(course.points, RIDERS);
    const history = buildBatches(peloton, startAt, 1, HISTORY_S - 2, 3);
    const replayed = await sendBatches(app, race, history, 8);
    if (replayed.errors.length > 0) throw new Error(`history refused: ${replayed.errors[0]}`);

    // seq → wall time its tick began; per tick, the time to build the frame (standings, delta, JSON) and
    // to hand it to every socket (the gateway's broadcast, synchronous inside publishFrame).
    const tickAt = new Map<number, number>();
    const buildMs: number[] = [];
    const broadcastMs: number[] = [];
    const frameBytes: number[] = [];
    let lastFrame = '';
    const { processor, bus } = app.services;
    let current = 0;
    let onSeq: ((seq: number) => void) | null = null;
    const tick = processor.tick.bind(processor);
    processor.tick = () => {
      current = wallNow();
      tick();
    };
    const publishFrame = bus.publishFrame.bind(bus);
    bus.publishFrame = (stageId, frame) => {
      const published = wallNow();
      publishFrame(stageId, frame);
      if (stageId !== race.stageId) return;
      buildMs.push(published - current);
      broadcastMs.push(wallNow() - published);
    };
    bus.onFrame((stageId, frame) => {
      if (stageId !== race.stageId) return;
      const seq = Number(/"seq":(\d+)/.exec(frame.slice(0, 120))?.[1]);
      tickAt.set(seq, current);
      frameBytes.push(Buffer.byteLength(frame));
      lastFrame = frame;
      onSeq?.(seq);
    });
    const seqReached = (seq: number) =>
      new Promise<void>((resolve) => {
        onSeq = (s) => {
          if (s >= seq) {
            onSeq = null;
            resolve();
          }
        };
      });

    await app.http.listen({ host: '127.0.0.1', port: 0, backlog: 4096 });
    const { port } = app.http.server.address() as AddressInfo;
    driver = new LiveDriver(app, race, peloton, startAt);
    driver.start();
    await sleep(2 * TICK_MS);

    const url = `ws://127.0.0.1:${port}/api/v1/live`;
    await openSpectators(children, Array(CHILDREN).fill(url), race.stageId, connections, CHUNK);

    // Warm up, then measure a window of ticks: [from, to].
    const now = Math.max(0, ...tickAt.keys());
    const from = now + WARM_UP_TICKS + 1;
    const to = from + measuredTicks - 1;
    await seqReached(from - 1);
    for (const c of children) c.send({ type: 'mark' });
    const profile = options.profile ? new CpuProfile() : null;
    await profile?.start();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const cpu = process.cpuUsage();
    const windowTicks = buildMs.length;
    const windowStart = performance.now();
    await seqReached(to);
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const used = process.cpuUsage(cpu);
    loop.disable();
    if (profile) console.error(await profile.stop('fanout'));
    await sleep(TICK_MS / 2); // the last frame's stragglers
    console.error(`  last delta ${frameAnatomy(lastFrame)}`);

    const ticks = [...tickAt].filter(([seq]) => seq >= from && seq <= to);
    const { latencies, complete, open, bytes, resyncs, spectatorCpuMs } = await collectReports(
      children,
      ticks,
      from,
      to,
    );
    const seconds = (measuredTicks * TICK_MS) / 1000;
    const windowBuildMs = buildMs.slice(windowTicks);
    const windowBroadcastMs = broadcastMs.slice(windowTicks);
    const deltaBytes = frameBytes.slice(-measuredTicks);
    if (driver.failed > 0)
      console.error(`  driver: ${driver.failed} of ${driver.sent} fixes refused: ${driver.lastError}`);

    return [
      metric(
        'fanout_connections',
        complete,
        'spectators',
        connections,
        'min',
        `received every one of ${measuredTicks} ticks; ${open.toLocaleString('en-US')} open, ${resyncs} resyncs`,
      ),
      metric('fanout_p99_ms', quantile(latencies, 0.99), 'ms', 250, 'max', 'tick to receipt'),
      metric('fanout_p50_ms', median(latencies), 'ms', null, 'max', 'tick to receipt'),
      metric('fanout_max_ms', quantile(latencies, 1), 'ms', null, 'max', 'tick to receipt'),
      metric(
        'spectator_bytes_per_s',
        open > 0 ? bytes / open / seconds : Number.NaN,
        'B/s',
        2048,
        'max',
        `${RIDERS}-rider race, ${TICK_MS} ms tick`,
      ),
      metric('fanout_delta_bytes', median(deltaBytes), 'B', null, 'max', 'median delta frame'),
      metric(
        'fanout_frame_build_ms',
        median(windowBuildMs),
        'ms',
        null,
        'max',
        `standings + delta + JSON; max ${quantile(windowBuildMs, 1).toFixed(1)} ms`,
      ),
      metric(
        'fanout_broadcast_ms',
        median(windowBroadcastMs),
        'ms',
        null,
        'max',
        `send to every socket; max ${Math.round(quantile(windowBroadcastMs, 1))} ms`,
      ),
      metric('fanout_server_cpu_pct', (100 * (used.user + used.system)) / 1e6 / windowSeconds, '% of a core'),
      metric('fanout_server_loop_p99_ms', loop.percentile(99) / 1e6, 'ms', null, 'max', 'event-loop delay'),
      metric(
        'fanout_spectators_cpu_pct',
        spectatorCpuMs / 10 / windowSeconds,
        '% of a core',
        null,
        'max',
        `${CHILDREN} client processes`,
      ),
    ];
  } finally {
    await driver?.stop();
    await Promise.all(children.map((c) => c.close()));
    await close();
  }
}

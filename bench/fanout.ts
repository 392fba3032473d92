// fanout_connections, fanout_p99_ms, spectator_bytes_per_s: one server process (HTTP, ingest, processor,
// gateway on embedded PGlite, 1 s tick) with a 200-rider race fed live, and C spectators subscribed over
// WebSocket from child processes (bench/spectators.ts) so their work stays off the server's event loop.
// Latency is tick to receipt: the wall time the processor's tick began (hooked here, per seq) to the wall
// time a spectator's handler got the frame; p99 over every connection and tick of the measured window.
// --peers: the same frames, recorded, broadcast by bare `ws` and Socket.IO 4 (bench/peers/fanout-peers.ts).
// Fairness (bench/README.md): the fixes pause while spectators join, and the CPU compared with the peers is
// the window's minus the race's alone.
// Memory per spectator is measured apart, each server in a fresh process (bench/idle.ts).
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  type FanoutFigures,
  type FanoutRecording,
  figuresOf,
  runBroadcastPeer,
} from './peers/fanout-peers.ts';
import { SocketIoBroadcast } from './peers/socketio-broadcast.ts';
import { WsBroadcast } from './peers/ws-broadcast.ts';
import { buildBatches, sendBatches } from './support/batches.ts';
import { loadStage4 } from './support/course.ts';
import { LiveDriver } from './support/driver.ts';
import { frameAnatomy } from './support/frame-anatomy.ts';
import { settledMemory } from './support/memory.ts';
import { Peloton } from './support/peloton.ts';
import { CpuProfile } from './support/profile.ts';
import { setUpRace, startBenchApp } from './support/race.ts';
import { type Metric, metric, type Options, withPeers } from './support/report.ts';
import { collectReports, openSpectators, type Spectators } from './support/spectator-pool.ts';
import { median, quantile, sleep, wallNow } from './support/stats.ts';

const RIDERS = 200;
const TICK_MS = 1000;
const CHILDREN = 2;
const CHUNK = 200;
const WARM_UP_TICKS = 3;
/** Seconds of race already ridden (and stored) when spectators arrive: trails, gaps and groups have settled. */
const HISTORY_S = 300;

export async function benchFanout(options: Options): Promise<Metric[]> {
  const connections = options.quick ? 1000 : 10_000;
  const measuredTicks = options.quick ? 10 : 60;
  const { metrics, recording } = await measureEchelon(options, connections, measuredTicks);
  if (!options.peers) return metrics;
  // The peers one after the other on the machine Echelon's server has left (its app closed).
  const peers: Array<[string, FanoutFigures]> = [];
  for (const peer of [new WsBroadcast(), new SocketIoBroadcast()]) {
    console.error(`  peer: ${peer.name}`);
    peers.push([peer.name, await runBroadcastPeer(peer, recording)]);
  }
  const compared: Array<[string, keyof FanoutFigures]> = [
    ['fanout_connections', 'complete'],
    ['fanout_p99_ms', 'p99Ms'],
    ['fanout_p50_ms', 'p50Ms'],
    ['fanout_connect_per_s', 'connectPerS'],
    ['spectator_bytes_per_s', 'bytesPerS'],
    ['fanout_gateway_cpu_pct', 'cpuPct'],
    ['fanout_broadcast_cpu_pct', 'broadcastCpuPct'],
  ];
  return metrics.map((m) => {
    const field = compared.find(([name]) => name === m.name)?.[1];
    if (!field) return m;
    return withPeers(
      m,
      peers.map(([name, f]) => ({ name, value: f[field] })),
    );
  });
}

async function measureEchelon(options: Options, connections: number, measuredTicks: number) {
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
    /** CPU (not wall) time of each tick's broadcast: the gateway's synchronous work, measured directly. */
    const broadcastCpuMs: number[] = [];
    const frameBytes: number[] = [];
    let lastFrame = '';
    // For the peers: every delta after the snapshot spectators start from (a few KB a tick).
    const recorded = new Map<number, string>();
    let recordAfter = Number.POSITIVE_INFINITY;
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
      const cpu = process.cpuUsage();
      publishFrame(stageId, frame);
      if (stageId !== race.stageId) return;
      const used = process.cpuUsage(cpu);
      buildMs.push(published - current);
      broadcastMs.push(wallNow() - published);
      broadcastCpuMs.push((used.user + used.system) / 1000);
    };
    bus.onFrame((stageId, frame) => {
      if (stageId !== race.stageId) return;
      const seq = Number(/"seq":(\d+)/.exec(frame.slice(0, 120))?.[1]);
      tickAt.set(seq, current);
      frameBytes.push(Buffer.byteLength(frame));
      lastFrame = frame;
      if (seq > recordAfter) recorded.set(seq, frame);
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
    const snapshot = processor.snapshot(race.stageId);
    if (!snapshot) throw new Error('the stage has no snapshot');
    recordAfter = Number(/"seq":(\d+)/.exec(snapshot.slice(0, 200))?.[1]);
    // --profile: the spectators' joining (connect path) is profiled apart from the measured window (broadcast).
    const connectProfile = options.profile ? new CpuProfile() : null;
    await connectProfile?.start();
    // The riders' fixes pause while the spectators join (the processor still ticks and every tick's
    // frame still goes to those already in, as the peers broadcast while theirs join): the join rate is
    // the connect path's, not the connect path's minus what ingest and PGlite took of the machine.
    await driver.stop();
    const opened = await openSpectators(
      children,
      Array(CHILDREN).fill(url),
      race.stageId,
      connections,
      CHUNK,
    );
    driver.start();
    if (connectProfile) console.error(await connectProfile.stop('fanout-connect'));

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
    const windowEnd = buildMs.length;
    const windowFrames = frameBytes.slice(-measuredTicks);
    loop.disable();
    if (profile) console.error(await profile.stop('fanout'));
    await sleep(TICK_MS / 2); // the last frame's stragglers
    console.error(`  last delta ${frameAnatomy(lastFrame)}`);

    const ticks = [...tickAt].filter(([seq]) => seq >= from && seq <= to);
    const report = await collectReports(children, ticks, from, to);
    // The race alone, after the window in the same steady state (ingest, processor, PGlite; the spectators
    // gone and collected): what the server spends without them, so the window's CPU minus this is their share, which is
    // a peer's whole job. Measured after rather than before the joining: just after set-up the process is
    // still compiling and settling the replayed history, which would make the baseline too high.
    await Promise.all(children.splice(0).map((c) => c.close()));
    // Their sockets' garbage collected first: the race alone must not pay for the spectators' leaving.
    await settledMemory();
    const settled = Math.max(0, ...tickAt.keys()) + 2;
    await seqReached(settled);
    const raceAlone = await cpuOver(settled + measuredTicks, seqReached);
    const { latencies, complete, open, resyncs, spectatorCpuMs } = report;
    const cpuPct = (100 * (used.user + used.system)) / 1e6 / windowSeconds;
    const gatewayCpuPct = Math.max(0, cpuPct - raceAlone);
    const broadcastCpuPct =
      (100 * broadcastCpuMs.slice(windowTicks, windowEnd).reduce((sum, ms) => sum + ms, 0)) /
      1000 /
      windowSeconds;
    const figures = figuresOf(report, {
      ticks: measuredTicks,
      tickMs: TICK_MS,
      connectPerS: opened.subscribed / opened.seconds,
      cpuPct: gatewayCpuPct,
      broadcastCpuPct,
    });
    const windowBuildMs = buildMs.slice(windowTicks, windowEnd);
    const windowBroadcastMs = broadcastMs.slice(windowTicks, windowEnd);
    const deltaBytes = windowFrames;
    if (driver.failed > 0)
      console.error(`  driver: ${driver.failed} of ${driver.sent} fixes refused: ${driver.lastError}`);

    const metrics = [
      metric(
        'fanout_connections',
        complete,
        'spectators',
        connections,
        'min',
        `received every one of ${measuredTicks} ticks; ${open.toLocaleString('en-US')} open, ${resyncs} resyncs`,
      ),
      metric('fanout_p99_ms', figures.p99Ms, 'ms', 250, 'max', 'tick to receipt'),
      metric('fanout_p50_ms', figures.p50Ms, 'ms', null, 'max', 'tick to receipt'),
      metric('fanout_max_ms', quantile(latencies, 1), 'ms', null, 'max', 'tick to receipt'),
      metric(
        'fanout_connect_per_s',
        figures.connectPerS,
        'spectators/s',
        null,
        'min',
        `connected, subscribed and sent the snapshot; ${opened.seconds.toFixed(1)} s for all`,
      ),
      metric(
        'spectator_bytes_per_s',
        figures.bytesPerS,
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
      metric(
        'fanout_gateway_cpu_pct',
        gatewayCpuPct,
        '% of a core',
        null,
        'max',
        `window minus the race alone (${raceAlone.toFixed(1)} %)`,
      ),
      metric(
        'fanout_broadcast_cpu_pct',
        broadcastCpuPct,
        '% of a core',
        null,
        'max',
        "the window's broadcasts alone (each tick's synchronous fan-out)",
      ),
      metric('fanout_server_cpu_pct', cpuPct, '% of a core', null, 'max', 'race and spectators together'),
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
    const recording: FanoutRecording = {
      stageId: race.stageId,
      snapshot,
      frames: recorded,
      from,
      to,
      connections,
      tickMs: TICK_MS,
      warmUpTicks: WARM_UP_TICKS,
      children: CHILDREN,
      chunk: CHUNK,
    };
    return { metrics, recording };
  } finally {
    await driver?.stop();
    await Promise.all(children.map((c) => c.close()));
    await close();
  }
}

/** The process's CPU, % of a core, from now until tick `seq` is published. */
async function cpuOver(seq: number, seqReached: (seq: number) => Promise<void>): Promise<number> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await seqReached(seq);
  const used = process.cpuUsage(cpu);
  return (100 * (used.user + used.system)) / 1e3 / (performance.now() - start);
}

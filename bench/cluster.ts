// `npm run bench -- --cluster`: the single-process figures measured on a cluster of role processes (see
// bench/cluster/harness.ts), plus how processing scales from one processor process to two.
//
// - ingest_fixes_per_s: the same bursts as bench/ingest.ts, through the split proxy to 2 ingest processes
//   (acknowledged once stored in JetStream), with 2 processors and 2 gateways running; then the time until
//   PostgreSQL holds every fix, and the riders the live snapshot (read from a gateway) has caught up with.
// - fanout_*: the race of bench/fanout.ts fed live through the proxy, spectators split over 2 gateways.
//   Tick to receipt: the frame's `at` (the stage clock when the processor's tick began, which follows the
//   wall clock in a live race) to the wall time a spectator got it.
// - processor_*: K stages with a backlog of fixes in a fresh JetStream stream; 1, then 2 processor
//   processes take the stages when they go live (100 ms apart) and replay them. Fixes/s from the go-live until every
//   stage's snapshot in the key-value store shows each rider's last fix.

import { connect } from '@nats-io/transport-node';
import {
  BenchCluster,
  cpuSeconds,
  HttpLiveDriver,
  NATS_URL,
  CLUSTER_RIDERS as RIDERS,
} from './cluster/harness.ts';
import { processors } from './cluster/processors.ts';
import { buildBatches, sendBatchesWith } from './support/batches.ts';
import { type BenchCourse, loadStage4 } from './support/course.ts';
import { frameAnatomy } from './support/frame-anatomy.ts';
import { Peloton } from './support/peloton.ts';
import { type Metric, metric, type Options } from './support/report.ts';
import { collectReports, openSpectators, type Spectators } from './support/spectator-pool.ts';
import { median, quantile, sleep, wallNow } from './support/stats.ts';

const TICK_MS = 1000;
const IN_FLIGHT = 16;
const WARM_UP_FIXES = 20;
const PLACED = 250;
const HISTORY_S = 300;
const CHUNK = 200;

export async function benchCluster(options: Options): Promise<Metric[]> {
  const course = loadStage4();
  const t0 = performance.now();
  const cluster = await BenchCluster.start({ ingest: 2, processor: 2, gateway: 2 }, TICK_MS);
  console.error(
    `  cluster up in ${((performance.now() - t0) / 1000).toFixed(1)} s: api, 2 ingest, 2 processor, 2 gateway (prefix ${cluster.prefix})`,
  );
  try {
    const metrics: Metric[] = [];
    console.error('▶ cluster ingest');
    metrics.push(...(await ingest(cluster, course, options)));
    console.error('▶ cluster fanout');
    metrics.push(...(await fanout(cluster, course, options)));
    // The processors alone now: the other roles would only compete for the two cores.
    await Promise.all(['ingest', 'processor', 'gateway'].map((r) => cluster.stopRole(r as never)));
    console.error('▶ cluster processors, 1 then 2');
    metrics.push(...(await processors(cluster, course, options)));
    return metrics;
  } finally {
    await cluster.stop();
  }
}

async function ingest(cluster: BenchCluster, course: BenchCourse, options: Options): Promise<Metric[]> {
  const measuredFixes = options.quick ? 300 : 1500;
  const raceSeconds = WARM_UP_FIXES + measuredFixes;
  const startAt = Date.now() - (raceSeconds + 120) * 1000;
  const race = await cluster.setUpRace(course, { riders: RIDERS, startAt, name: 'Ingest' });
  const peloton = Peloton.race(course.points, RIDERS);
  const warmUp = buildBatches(peloton, startAt, 1, 1 + WARM_UP_FIXES, 1);
  const measured = buildBatches(peloton, startAt, 1 + WARM_UP_FIXES, 1 + raceSeconds, 2);
  await sendBatchesWith(cluster.post, race, warmUp, IN_FLIGHT);

  const total = measured.reduce((sum, r) => sum + r.fixes, 0);
  const ingestPids = cluster.of('ingest').map((p) => p.pid);
  const cpuBefore = ingestPids.map(cpuSeconds);
  const started = performance.now();
  const { accepted, errors } = await sendBatchesWith(cluster.post, race, measured, IN_FLIGHT);
  const seconds = (performance.now() - started) / 1000;
  const ingestCpu = ingestPids.reduce((sum, pid, k) => sum + cpuSeconds(pid) - cpuBefore[k]!, 0);
  if (errors.length > 0) console.error(`  ${errors.length} batches not fully accepted, e.g. ${errors[0]}`);

  // Every accepted fix reaches PostgreSQL (the ingest processes' persistence consumer, group commits).
  const expected = RIDERS * raceSeconds;
  let storedCount = await storedFixes(cluster, race.raceId);
  while (storedCount < expected && performance.now() - started < seconds * 1000 + 60_000) {
    await sleep(200);
    storedCount = await storedFixes(cluster, race.raceId);
  }
  const storedSeconds = (performance.now() - started) / 1000;
  const caughtUp = await ridersCaughtUp(cluster, race.stageId, startAt + raceSeconds * 1000, (i) =>
    peloton.distance(i, raceSeconds),
  );
  return [
    metric(
      'ingest_fixes_per_s',
      accepted / seconds,
      'fixes/s',
      30_000,
      'min',
      `2 ingest behind the split proxy; ${total.toLocaleString('en-US')} fixes, ${measured.length} batches, ${IN_FLIGHT} in flight`,
    ),
    metric(
      'ingest_cpu_pct',
      (100 * ingestCpu) / seconds,
      '% of a core',
      null,
      'max',
      'both ingest processes',
    ),
    metric('ingest_stored_fixes', storedCount, 'rows', expected, 'min', 'warm-up included'),
    metric(
      'ingest_stored_per_s',
      total / storedSeconds,
      'fixes/s',
      null,
      'min',
      'first send until PostgreSQL holds every fix',
    ),
    metric(
      'ingest_projected_riders',
      caughtUp,
      'riders',
      RIDERS,
      'min',
      `snapshot from a gateway: last fix seen, distance within ${PLACED} m`,
    ),
  ];
}

async function storedFixes(cluster: BenchCluster, raceId: string): Promise<number> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: cluster.db.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select count(*)::int as n from fixes f join registrations r on r.id = f.registration_id where r.race_id = $1',
      [raceId],
    );
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

async function ridersCaughtUp(
  cluster: BenchCluster,
  stageId: string,
  lastFixAt: number,
  truth: (rider: number) => number,
): Promise<number> {
  const gateway = cluster.of('gateway')[0]!;
  const snapshot = async () =>
    (await (await fetch(`${gateway.url}/api/v1/stages/${stageId}/live`)).json()) as {
      seq: number;
      riders: Array<{ bib: number; d: number; fix: number | null }>;
    };
  let best = 0;
  for (let attempt = 0; attempt < 20; attempt++) {
    const latest = await snapshot();
    best = latest.riders.filter(
      (r) => r.fix === lastFixAt && Math.abs(r.d - truth(r.bib - 1)) <= PLACED,
    ).length;
    if (best === latest.riders.length) break;
    await sleep(250);
  }
  return best;
}

async function fanout(cluster: BenchCluster, course: BenchCourse, options: Options): Promise<Metric[]> {
  const connections = options.quick ? 1000 : 10_000;
  const measuredTicks = options.quick ? 10 : 60;
  const warmUpTicks = 3;
  const startAt = Date.now() - HISTORY_S * 1000;
  const race = await cluster.setUpRace(course, { riders: RIDERS, startAt, name: 'Fan-out' });
  const peloton = Peloton.race(course.points, RIDERS);
  const history = buildBatches(peloton, startAt, 1, HISTORY_S - 2, 3);
  const replayed = await sendBatchesWith(cluster.post, race, history, IN_FLIGHT);
  if (replayed.errors.length > 0) throw new Error(`history refused: ${replayed.errors[0]}`);

  // seq → the stage clock at its tick, from the frames on NATS (what every gateway receives).
  const nc = await connect({ servers: NATS_URL });
  const tickAt = new Map<number, number>();
  const natsMs: number[] = [];
  const frameBytes: number[] = [];
  let lastFrame = '';
  let onSeq: ((seq: number) => void) | null = null;
  nc.subscribe(`${cluster.prefix}.frames.${race.stageId}`, {
    callback: (error, msg) => {
      if (error) return;
      const frame = msg.string();
      const head = /"seq":(\d+),"at":(\d+)/.exec(frame.slice(0, 200));
      if (!head) return;
      const seq = Number(head[1]);
      tickAt.set(seq, Number(head[2]));
      natsMs.push(wallNow() - Number(head[2]));
      frameBytes.push(Buffer.byteLength(frame));
      lastFrame = frame;
      onSeq?.(seq);
    },
  });
  const seqReached = (seq: number) =>
    new Promise<void>((resolve) => {
      if (Math.max(0, ...tickAt.keys()) >= seq) return resolve();
      onSeq = (s) => {
        if (s >= seq) {
          onSeq = null;
          resolve();
        }
      };
    });

  const driver = new HttpLiveDriver(cluster.post, race, peloton, startAt);
  const gateways = cluster.of('gateway');
  const children: Spectators[] = [];
  try {
    driver.start();
    await sleep(2 * TICK_MS);
    const urls = gateways.map((g) => `ws://127.0.0.1:${g.port}/api/v1/live`);
    await openSpectators(children, urls, race.stageId, connections, CHUNK);

    const now = Math.max(0, ...tickAt.keys());
    const from = now + warmUpTicks + 1;
    const to = from + measuredTicks - 1;
    await seqReached(from - 1);
    for (const c of children) c.send({ type: 'mark' });
    const pids = {
      gateway: gateways.map((g) => g.pid),
      processor: cluster.of('processor').map((p) => p.pid),
    };
    const cpu = (list: number[]) => list.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const before = { gateway: cpu(pids.gateway), processor: cpu(pids.processor) };
    const windowNats = natsMs.length;
    const windowStart = performance.now();
    await seqReached(to);
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const used = {
      gateway: cpu(pids.gateway) - before.gateway,
      processor: cpu(pids.processor) - before.processor,
    };
    await sleep(TICK_MS / 2);
    console.error(`  last delta ${frameAnatomy(lastFrame)}`);

    const ticks = [...tickAt].filter(([seq]) => seq >= from && seq <= to);
    const { latencies, complete, open, bytes, resyncs, spectatorCpuMs } = await collectReports(
      children,
      ticks,
      from,
      to,
    );
    const seconds = (measuredTicks * TICK_MS) / 1000;
    if (driver.failed > 0)
      console.error(`  driver: ${driver.failed} of ${driver.sent} fixes refused: ${driver.lastError}`);
    return [
      metric(
        'fanout_connections',
        complete,
        'spectators',
        connections,
        'min',
        `over ${gateways.length} gateways; every one of ${measuredTicks} ticks; ${open.toLocaleString('en-US')} open, ${resyncs} resyncs`,
      ),
      metric('fanout_p99_ms', quantile(latencies, 0.99), 'ms', 250, 'max', 'tick to receipt'),
      metric('fanout_p50_ms', median(latencies), 'ms', null, 'max', 'tick to receipt'),
      metric('fanout_max_ms', quantile(latencies, 1), 'ms', null, 'max', 'tick to receipt'),
      metric(
        'fanout_tick_to_nats_ms',
        median(natsMs.slice(windowNats)),
        'ms',
        null,
        'max',
        'tick to the frame on NATS (frame built, snapshot stored)',
      ),
      metric(
        'spectator_bytes_per_s',
        open > 0 ? bytes / open / seconds : Number.NaN,
        'B/s',
        2048,
        'max',
        `${RIDERS}-rider race, ${TICK_MS} ms tick`,
      ),
      metric(
        'fanout_delta_bytes',
        median(frameBytes.slice(-measuredTicks)),
        'B',
        null,
        'max',
        'median delta frame',
      ),
      metric(
        'fanout_gateways_cpu_pct',
        (100 * used.gateway) / windowSeconds,
        '% of a core',
        null,
        'max',
        `${gateways.length} gateway processes together`,
      ),
      metric(
        'fanout_processors_cpu_pct',
        (100 * used.processor) / windowSeconds,
        '% of a core',
        null,
        'max',
        '2 processors (one owns the stage)',
      ),
      metric(
        'fanout_spectators_cpu_pct',
        spectatorCpuMs / 10 / windowSeconds,
        '% of a core',
        null,
        'max',
        `${children.length} client processes`,
      ),
    ];
  } finally {
    await driver.stop();
    await Promise.all(children.map((c) => c.close()));
    await nc.close();
  }
}

// Server CPU per tracker request (issue 17, reqpath): the app on 127.0.0.1 (and the OsmAnd port), the
// ingest-load phones (bench/trackers.ts) flat out over real sockets, process.cpuUsage() of the server
// process divided by the requests answered. REQCOST_DB=pglite|postgres, REQCOST_LOG=info|silent,
// REQCOST_MS per scenario, REQCOST_ONLY=comma list, REQCOST_PROFILE=scenario name (CPU profile).
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../apps/server/src/app.ts';
import { LISTEN_BACKLOG } from '../apps/server/src/http/listen-backlog.ts';
import { startOsmAndListener } from '../apps/server/src/modules/ingest/osmand-listener.ts';
import { openTarget } from './support/bench-database.ts';
import { loadStage4 } from './support/course.ts';
import { Crowd } from './support/crowd.ts';
import { BENCH_PUBLIC_URL, setUpLoadRace } from './support/load-race.ts';
import { timePgliteStatements } from './support/pglite-statement-time.ts';
import { CpuProfile } from './support/profile.ts';
import { quantile } from './support/stats.ts';
import type { Scenario } from './trackers.ts';

const DEVICES = Number(process.env.REQCOST_DEVICES ?? 2000);
const MS = Number(process.env.REQCOST_MS ?? 5000);
const kind = (process.env.REQCOST_DB ?? 'postgres') as 'pglite' | 'postgres';
const logLevel = process.env.REQCOST_LOG ?? 'info';
const only = process.env.REQCOST_ONLY?.split(',') ?? null;
// REQCOST_PACE_MS: each device sends every this many ms instead of flat out, so every protocol runs at
// the same rate (the same group commits): flat out, a cheaper route runs faster, its groups grow and the
// storage's share of each request shrinks, which flatters it beyond its own work.
const paceMs = process.env.REQCOST_PACE_MS ? Number(process.env.REQCOST_PACE_MS) : null;
const mode = paceMs === null ? { mode: 'flat' as const } : { mode: 'paced' as const, intervalMs: paceMs };

const target = await openTarget(kind);
// REQCOST_TRACE=1: the statements of each window, counted by their first words.
const counts = new Map<string, number>();
if (process.env.REQCOST_TRACE) {
  const client = (target.database.db as unknown as { $client: { query: (...args: unknown[]) => unknown } })
    .$client;
  const query = client.query.bind(client);
  client.query = (...args: unknown[]) => {
    const statement = args[0] as string | { text?: string };
    const text = String(typeof statement === 'string' ? statement : statement.text);
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 60);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return query(...args);
  };
}
// REQCOST_TRACE=1 on PGlite also: the database's time on the server's thread per statement.
const pgliteTimes =
  process.env.REQCOST_TRACE && kind === 'pglite'
    ? timePgliteStatements((target.database.db as unknown as { $client: PGlite }).$client)
    : null;
// Garbage collection's pauses in each window (the server's process; the phones are other processes).
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
const app = await buildApp({
  database: target.database,
  publicUrl: BENCH_PUBLIC_URL,
  logLevel,
  loginRateLimitPerMinute: 1000,
  sessionTtlDays: 1,
  tickMs: 1000,
  maxSocketsPerAddress: 1_000_000,
});
// REQCOST_BARE=1|processor|results: as ingestload's INGESTLOAD_BARE_INGEST, stops the live processor
// and/or the results' background passes once the app is built, to tell their share of a request.
const bare = process.env.REQCOST_BARE;
if (bare === '1' || bare === 'processor') app.services.processor.stop();
if (bare === '1' || bare === 'results') await app.services.resultsStore.stop();
const startAt = Math.floor(Date.now() / 1000) * 1000 - 2 * 3600 * 1000;
const race = await setUpLoadRace(app, target.database, loadStage4(), {
  riders: DEVICES,
  oauth: DEVICES,
  startAt,
});
await app.http.listen({ host: '127.0.0.1', port: 0, backlog: LISTEN_BACKLOG });
const osmandPort = await startOsmAndListener(0, '127.0.0.1', app.services.ingest);
const crowd = new Crowd();
const init = { devices: race.devices, riders: DEVICES, startAt };
await crowd.start({
  ...init,
  baseUrl: `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`,
});

const scenarios: Array<[string, Crowd, Omit<Scenario, 'devices' | 'mode' | 'ms'>]> = [
  ['native1', crowd, { protocol: 'native', auth: 'device', batch: 1 }],
  ['oauth1', crowd, { protocol: 'native', auth: 'oauth', batch: 1 }],
  ['osmand1', crowd, { protocol: 'osmand', auth: 'device', batch: 1 }],
  // The same phones on the OsmAnd port: a crowd of its own would resend the seconds the first stored,
  // and measure the duplicates' path (a failed COPY, the insert, fixes late for the live state).
  ['osmandport1', crowd, { protocol: 'osmand', auth: 'device', batch: 1, appPortOverride: osmandPort.port }],
  ['owntracks1', crowd, { protocol: 'owntracks', auth: 'device', batch: 1 }],
];
try {
  await crowd.run({ protocol: 'native', auth: 'device', batch: 1, mode: 'flat', ms: 2000 }, DEVICES);
  const order = only ?? scenarios.map(([name]) => name);
  for (const [name, who, scenario] of order.map((n) => scenarios.find(([name]) => name === n)!)) {
    // Warm-up of this protocol's caches and code paths, then the measured window.
    await who.run({ ...scenario, ...mode, ms: 1500 }, DEVICES);
    counts.clear();
    pgliteTimes?.take();
    const gcBefore = gcMs;
    // The event loop's longest stall in the window: a statement or pass that holds the thread delays
    // every request in flight (PGlite runs the database on this thread).
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const profiler = process.env.REQCOST_PROFILE?.split(',').includes(name) ? new CpuProfile() : null;
    await profiler?.start();
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const report = await who.run({ ...scenario, ...mode, ms: MS }, DEVICES);
    const used = process.cpuUsage(cpu);
    const ms = performance.now() - t0;
    const gcUs = (gcMs - gcBefore) * 1000;
    loopDelay.disable();
    if (profiler) console.error(await profiler.stop(`reqcost-${kind}-${name}`));
    for (const [text, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6))
      console.error(`    ${n}  ${text}`);
    for (const [text, spent, n] of pgliteTimes?.take().slice(0, 8) ?? [])
      console.error(`    ${spent.toFixed(0)} ms, ${n}×  ${text}`);
    const us = used.user + used.system;
    console.error(
      `${kind} log=${logLevel} ${name}: ${report.requests} req, ${Math.round(report.requests / (ms / 1000))}/s, ` +
        `server ${(us / report.requests).toFixed(1)} µs/req (${Math.round(us / 10 / ms)} % cpu; ` +
        `GC pauses ${(gcUs / report.requests).toFixed(1)} µs/req), ` +
        `p50 ${quantile(report.latencies, 0.5).toFixed(0)} p99 ${quantile(report.latencies, 0.99).toFixed(0)} ms, ` +
        `longest stall ${(loopDelay.max / 1e6).toFixed(0)} ms, failures ${report.failures}${report.firstFailure ? ` (${report.firstFailure})` : ''}`,
    );
  }
} finally {
  crowd.stop();
  await osmandPort.close();
  await app.http.close();
  await target.drop();
}

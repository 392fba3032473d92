// ingestload (issue 17): ingest as trackers load it. The app listens on 127.0.0.1; phones in two child
// processes (trackers.ts) send over real keep-alive sockets: 2,000 devices flat out (each sends its next
// request once the last is acknowledged) with batches of 1, 10 and 100 fixes on the native endpoint,
// one fix per request over OsmAnd (query) and OwnTracks (HTTP), and with OAuth access tokens; then
// 10,000 devices paced at one fix a second. On the embedded default (PGlite in a data directory, as
// `npm start` has it) and on the machine's PostgreSQL (a fresh database of the run's own). At the end
// every acknowledged fix is looked up among the stored rows (support/ingest-audit.ts), and the
// direct-write ceilings (multi-row INSERT, the server's own bulk statement, COPY) of the same rows are
// measured in the same run. The same phones also drive HTTP ceiling peers (peers/ingest-peers.ts: bare
// node:http always, a bare Fastify with the route's schemas with --peers), each 1-per-request figure
// printed beside theirs.
import { buildApp } from '../apps/server/src/app.ts';
import type { Database } from '../apps/server/src/db/client.ts';
import { LISTEN_BACKLOG } from '../apps/server/src/http/listen-backlog.ts';
import type { IngestPeerKind } from './peers/http-ingest-peer.ts';
import { measurePeers } from './peers/ingest-peers.ts';
import { openTarget } from './support/bench-database.ts';
import { loadStage4 } from './support/course.ts';
import { Crowd } from './support/crowd.ts';
import { measureDirectWrites } from './support/direct-writes.ts';
import { auditStored, countFixes } from './support/ingest-audit.ts';
import { clientUs, loadMetrics, type Measured } from './support/ingest-load-metrics.ts';
import { BENCH_PUBLIC_URL, setUpLoadRace } from './support/load-race.ts';
import { CpuProfile } from './support/profile.ts';
import type { Metric, Options } from './support/report.ts';
import { quantile } from './support/stats.ts';
import type { Scenario } from './trackers.ts';

const FLAT_DEVICES = 2000;
const PACED_DEVICES = 10_000;
/** How long the paced phones take to join (connect, first fixes) before the paced window: see loadOn. */
const PACED_JOIN_MS = 5000;

async function measure(
  crowd: Crowd,
  name: string,
  scenario: Omit<Scenario, 'devices'>,
  devices: number,
  profile: string | null,
): Promise<Measured> {
  const profiler = profile ? new CpuProfile() : null;
  await profiler?.start();
  const cpu = process.cpuUsage();
  const report = await crowd.run(scenario, devices);
  const used = process.cpuUsage(cpu);
  if (profiler && profile) console.error(await profiler.stop(profile));
  if (report.failures > 0)
    console.error(`  ${name}: ${report.failures} requests not acknowledged, e.g. ${report.firstFailure}`);
  return {
    name,
    fixesPerS: report.fixes / (report.ms / 1000),
    p50: quantile(report.latencies, 0.5),
    p99: quantile(report.latencies, 0.99),
    report,
    serverCpuPct: (100 * (used.user + used.system)) / 1000 / report.ms,
  };
}

/**
 * INGESTLOAD_TRACE=1: counts the server's statements by their first words and prints them after each
 * window, to see which queries a load costs (PGlite runs on the server's own thread).
 */
function traceStatements(database: Database): () => string {
  const counts = new Map<string, number>();
  const client = (database.db as unknown as { $client: { query: (...args: unknown[]) => unknown } }).$client;
  const query = client.query.bind(client);
  client.query = (...args: unknown[]) => {
    const statement = args[0] as string | { text?: string };
    // PGlite takes the text; node-postgres a { text, values } config.
    const text = String(typeof statement === 'string' ? statement : statement.text)
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 70);
    counts.set(text, (counts.get(text) ?? 0) + 1);
    return query(...args);
  };
  return () => {
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8);
    counts.clear();
    return top.map(([text, n]) => `    ${String(n).padStart(7)}  ${text}`).join('\n');
  };
}

async function loadOn(kind: 'pglite' | 'postgres', options: Options): Promise<Metric[]> {
  const flatMs = options.quick ? 5000 : 10_000;
  const pacedMs = options.quick ? 20_000 : 60_000;
  const target = await openTarget(kind);
  const trace = process.env.INGESTLOAD_TRACE ? traceStatements(target.database) : null;
  const crowd = new Crowd();
  const app = await buildApp({
    database: target.database,
    publicUrl: BENCH_PUBLIC_URL,
    logLevel: 'silent',
    loginRateLimitPerMinute: 1000,
    sessionTtlDays: 1,
    tickMs: 1000,
    maxSocketsPerAddress: 1_000_000,
  });
  // INGESTLOAD_BARE_INGEST=1: ingest alone, without the live processor and the results' background
  // passes that share its process (ROLE=all), to tell what they cost a tracker's request; =processor
  // or =results stops only that one.
  const bare = process.env.INGESTLOAD_BARE_INGEST;
  if (bare === '1' || bare === 'processor') app.services.processor.stop();
  if (bare === '1' || bare === 'results') await app.services.resultsStore.stop();
  try {
    const course = loadStage4();
    // Flat-out fixes are timed one race second apart from the start; paced ones at the phones' "now".
    // Whole seconds: OwnTracks sends whole-second timestamps, and a fix must not seem to jump back.
    const startAt = Math.floor(Date.now() / 1000) * 1000 - 2 * 3600 * 1000;
    const t0 = performance.now();
    const race = await setUpLoadRace(app, target.database, course, {
      riders: PACED_DEVICES,
      oauth: FLAT_DEVICES,
      startAt,
    });
    await app.http.listen({ host: '127.0.0.1', port: 0, backlog: LISTEN_BACKLOG });
    const address = app.http.server.address() as { port: number };
    await crowd.start({
      devices: race.devices,
      riders: PACED_DEVICES,
      startAt,
      baseUrl: `http://127.0.0.1:${address.port}`,
    });
    console.error(
      `  ${kind}: race of ${PACED_DEVICES} set up in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const flat = async (name: string, scenario: Omit<Scenario, 'devices' | 'mode' | 'ms'>) => {
      const result = await measure(
        crowd,
        name,
        { ...scenario, mode: 'flat', ms: flatMs },
        FLAT_DEVICES,
        options.profile && name === 'native1' ? `ingestload-${kind}-${name}` : null,
      );
      if (trace) console.error(`  statements during ${name}:\n${trace()}`);
      console.error(
        `  ${kind} ${name}: ${Math.round(result.fixesPerS)} fixes/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, server ${Math.round(result.serverCpuPct)} % cpu, clients ${Math.round(clientUs(result))} µs/request`,
      );
      return result;
    };
    // Warm-up: JIT, connections, the credential caches.
    await crowd.run({ protocol: 'native', auth: 'device', batch: 1, mode: 'flat', ms: 2000 }, FLAT_DEVICES);
    // The ceilings first, on the machine as the app's own windows find it (the app idle but for its ticks).
    const appCpu = process.cpuUsage();
    const peerStarted = performance.now();
    const peerKinds: IngestPeerKind[] = options.peers ? ['node-http', 'fastify'] : ['node-http'];
    const peers = await measurePeers(crowd, FLAT_DEVICES, flatMs, peerKinds, [
      'native',
      'osmand',
      'owntracks',
    ]);
    const idleCpu = process.cpuUsage(appCpu);
    const appIdlePct = (100 * (idleCpu.user + idleCpu.system)) / 1000 / (performance.now() - peerStarted);
    console.error(`  ${kind}: the app's own process used ${Math.round(appIdlePct)} % cpu meanwhile`);

    const native1 = await flat('native1', { protocol: 'native', auth: 'device', batch: 1 });
    const osmand = await flat('osmand1', { protocol: 'osmand', auth: 'device', batch: 1 });
    const owntracks = await flat('owntracks1', { protocol: 'owntracks', auth: 'device', batch: 1 });
    const oauth = await flat('oauth1', { protocol: 'native', auth: 'oauth', batch: 1 });
    const native10 = await flat('native10', { protocol: 'native', auth: 'device', batch: 10 });
    const native100 = await flat('native100', { protocol: 'native', auth: 'device', batch: 100 });
    // The paced phones join first: 8,000 of them have no connection yet (the flat windows warmed 2,000),
    // and opening them all within one interval is a connect burst, not the steady load the window measures
    // (phones at a race connect over the minutes before its start). Their first seconds are measured on
    // their own (`paced_join`), and the window starts once every phone has its connection.
    const pacedScenario = {
      protocol: 'native',
      auth: 'device',
      batch: 1,
      mode: 'paced',
      intervalMs: 1000,
    } as const;
    const join = await measure(
      crowd,
      'paced_join',
      { ...pacedScenario, ms: PACED_JOIN_MS },
      PACED_DEVICES,
      null,
    );
    console.error(
      `  ${kind} paced phones joining: ${join.report.requests} sent, ${join.report.skipped} skipped, p50 ${join.p50.toFixed(1)} ms, p99 ${join.p99.toFixed(1)} ms`,
    );
    await app.services.ingest.drain();
    const rowsBeforePaced = await countFixes(target.database);
    const paced = await measure(crowd, 'paced', { ...pacedScenario, ms: pacedMs }, PACED_DEVICES, null);
    await app.services.ingest.drain();
    const pacedStored = (await countFixes(target.database)) - rowsBeforePaced;
    const r = paced.report;
    console.error(
      `  ${kind} paced: ${r.due} fixes due, ${r.requests} sent (${r.failures} failed, ${r.failedConnects} on new connections), ${r.skipped} skipped, ${r.fixes} acknowledged (${r.duplicates} as already stored), ${pacedStored} stored; p99 ${paced.p99.toFixed(1)} ms`,
    );
    const audit = await auditStored(target.database, race.registrationIds, await crowd.audit(), startAt);
    if (audit.unstored > 0)
      console.error(
        `  ${kind}: ${audit.unstored} acknowledged fixes not stored, e.g. ${audit.examples.join(', ')}`,
      );

    const direct = await measureDirectWrites(
      target.database,
      race.registrationIds.slice(0, FLAT_DEVICES),
      options.quick ? 50_000 : 200_000,
      startAt - 30 * 24 * 3600 * 1000,
    );
    return loadMetrics({
      db: kind === 'pglite' ? 'embedded' : 'postgres',
      flatDevices: FLAT_DEVICES,
      pacedDevices: PACED_DEVICES,
      pacedMs,
      flat: { native1, native10, native100, osmand, owntracks, oauth },
      paced,
      pacedJoin: join,
      pacedStored,
      audit,
      direct,
      peers,
      appIdlePct,
    });
  } finally {
    crowd.stop();
    await app.http.close();
    await target.drop();
  }
}

export async function benchIngestLoad(options: Options): Promise<Metric[]> {
  const metrics: Metric[] = [];
  // INGESTLOAD_DB=pglite or =postgres runs one of the two (while working on one of them).
  const only = process.env.INGESTLOAD_DB;
  for (const kind of ['pglite', 'postgres'] as const) {
    if (only && only !== kind) continue;
    metrics.push(...(await loadOn(kind, options)));
  }
  return metrics;
}

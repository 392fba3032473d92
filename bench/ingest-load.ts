// ingestload (issue 17): ingest as trackers load it. The app listens on 127.0.0.1; phones in two child
// processes (trackers.ts) send over real keep-alive sockets: 2,000 devices flat out (each sends its next
// request once the last is acknowledged) with batches of 1, 10 and 100 fixes on the native endpoint,
// one fix per request over OsmAnd (query) and OwnTracks (HTTP), and with OAuth access tokens; then
// 10,000 devices paced at one fix a second. On the embedded default (PGlite in a data directory, as
// `npm start` has it) and on the machine's PostgreSQL (a fresh database of the run's own). At the end
// the stored rows are counted against the acknowledged fixes, and the direct-write ceilings (multi-row
// INSERT, the server's own bulk statement, COPY) of the same rows are measured in the same run.
import { sql } from 'drizzle-orm';
import { buildApp } from '../apps/server/src/app.ts';
import type { Database } from '../apps/server/src/db/client.ts';
import { LISTEN_BACKLOG } from '../apps/server/src/http/listen-backlog.ts';
import { openTarget } from './support/bench-database.ts';
import { loadStage4 } from './support/course.ts';
import { Crowd } from './support/crowd.ts';
import { measureDirectWrites } from './support/direct-writes.ts';
import { BENCH_PUBLIC_URL, setUpLoadRace } from './support/load-race.ts';
import { CpuProfile } from './support/profile.ts';
import { type Metric, metric, type Options } from './support/report.ts';
import { quantile } from './support/stats.ts';
import type { Scenario, TrackersReport } from './trackers.ts';

const FLAT_DEVICES = 2000;
const PACED_DEVICES = 10_000;

interface Measured {
  name: string;
  fixesPerS: number;
  p50: number;
  p99: number;
  report: TrackersReport;
  serverCpuPct: number;
}

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

    let acknowledged = 0;
    const flat = async (name: string, scenario: Omit<Scenario, 'devices' | 'mode' | 'ms'>) => {
      const result = await measure(
        crowd,
        name,
        { ...scenario, mode: 'flat', ms: flatMs },
        FLAT_DEVICES,
        options.profile && name === 'native1' ? `ingestload-${kind}-${name}` : null,
      );
      acknowledged += result.report.fixes;
      if (trace) console.error(`  statements during ${name}:\n${trace()}`);
      console.error(
        `  ${kind} ${name}: ${Math.round(result.fixesPerS)} fixes/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, server ${Math.round(result.serverCpuPct)} % cpu`,
      );
      return result;
    };
    // Warm-up: JIT, connections, the credential caches.
    const warm = await crowd.run(
      { protocol: 'native', auth: 'device', batch: 1, mode: 'flat', ms: 2000 },
      FLAT_DEVICES,
    );
    acknowledged += warm.fixes;
    const native1 = await flat('native1', { protocol: 'native', auth: 'device', batch: 1 });
    const native10 = await flat('native10', { protocol: 'native', auth: 'device', batch: 10 });
    const native100 = await flat('native100', { protocol: 'native', auth: 'device', batch: 100 });
    const osmand = await flat('osmand1', { protocol: 'osmand', auth: 'device', batch: 1 });
    const owntracks = await flat('owntracks1', { protocol: 'owntracks', auth: 'device', batch: 1 });
    const oauth = await flat('oauth1', { protocol: 'native', auth: 'oauth', batch: 1 });
    const paced = await measure(
      crowd,
      'paced',
      { protocol: 'native', auth: 'device', batch: 1, mode: 'paced', ms: pacedMs, intervalMs: 1000 },
      PACED_DEVICES,
      null,
    );
    acknowledged += paced.report.fixes;
    console.error(
      `  ${kind} paced: ${paced.report.requests} requests, ${paced.report.failures} failed, ${paced.report.skipped} beats skipped, p99 ${paced.p99.toFixed(1)} ms`,
    );
    await app.services.ingest.drain();
    const stored = Number(
      (
        (await target.database.db.execute(sql`select count(*)::int as n from fixes`)) as unknown as {
          rows: Array<{ n: number }>;
        }
      ).rows[0]!.n,
    );

    const direct = await measureDirectWrites(
      target.database,
      race.registrationIds.slice(0, FLAT_DEVICES),
      options.quick ? 50_000 : 200_000,
      startAt - 30 * 24 * 3600 * 1000,
    );
    const share = (perS: number) => perS / direct.copyPerS;
    const db = kind === 'pglite' ? 'embedded' : 'postgres';
    const flatNote = (m: Measured) =>
      `${FLAT_DEVICES} devices flat out, ${m.report.requests.toLocaleString('en-US')} requests; p50 ${m.p50.toFixed(1)} ms; ${Math.round(100 * share(m.fixesPerS))} % of COPY; server ${Math.round(m.serverCpuPct)} % cpu, clients ${Math.round((100 * m.report.cpuMs) / m.report.ms)} %`;
    const throughput = (m: Measured, target: number | null) =>
      metric(`load_${db}_${m.name}_fixes_per_s`, m.fixesPerS, 'fixes/s', target, 'min', flatNote(m));
    const p99 = (m: Measured) => metric(`load_${db}_${m.name}_p99_ms`, m.p99, 'ms', 250, 'max');
    return [
      throughput(native1, kind === 'postgres' ? 25_000 : 20_000),
      p99(native1),
      throughput(native10, null),
      p99(native10),
      throughput(native100, null),
      metric(
        `load_${db}_native100_share_of_copy`,
        share(native100.fixesPerS),
        'ratio',
        0.6,
        'min',
        `100 fixes/request against COPY of ${direct.rows.toLocaleString('en-US')} rows`,
      ),
      throughput(osmand, null),
      metric(
        `load_${db}_osmand_vs_native1`,
        osmand.fixesPerS / native1.fixesPerS,
        'ratio',
        0.8,
        'min',
        'OsmAnd query, one fix per request, against native batch-of-1',
      ),
      p99(osmand),
      throughput(owntracks, null),
      p99(owntracks),
      throughput(oauth, null),
      p99(oauth),
      metric(
        `load_${db}_paced_unacked`,
        paced.report.requests - paced.report.fixes,
        'fixes',
        0,
        'max',
        `${PACED_DEVICES.toLocaleString('en-US')} devices, 1 fix/s each for ${pacedMs / 1000} s: ${paced.report.requests.toLocaleString('en-US')} sent, ${paced.report.skipped.toLocaleString('en-US')} beats skipped waiting for an answer; p50 ${paced.p50.toFixed(1)} ms; server ${Math.round(paced.serverCpuPct)} % cpu`,
      ),
      metric(`load_${db}_paced_p99_ms`, paced.p99, 'ms', 250, 'max'),
      metric(
        `load_${db}_unstored_fixes`,
        acknowledged - stored,
        'fixes',
        0,
        'max',
        `${acknowledged.toLocaleString('en-US')} acknowledged, ${stored.toLocaleString('en-US')} rows counted`,
      ),
      metric(
        `load_${db}_direct_insert_per_s`,
        direct.insertPerS,
        'fixes/s',
        null,
        'min',
        `multi-row INSERT ×1,000, ${Math.round(100 * share(direct.insertPerS))} % of COPY`,
      ),
      metric(
        `load_${db}_direct_group_statement_per_s`,
        direct.groupStatementPerS,
        'fixes/s',
        null,
        'min',
        `IngestRepository.insertFixes ×1,000, ${Math.round(100 * share(direct.groupStatementPerS))} % of COPY`,
      ),
      metric(
        `load_${db}_direct_copy_per_s`,
        direct.copyPerS,
        'fixes/s',
        null,
        'min',
        kind === 'pglite' ? "COPY … FROM '/dev/blob' (text)" : 'COPY FROM STDIN (pg-copy-streams, text)',
      ),
    ];
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

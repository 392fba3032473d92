// Public reads of a finished big stage (issue 16): a 4-hour stage with one fix per rider every 5 s,
// stored through the ingest repository's bulk insert (as group commits write them, without HTTP), then
// finished and approved through the API. Measures how soon its results are stored, the latency of each
// public read (stage results, GC, rider page, race and all-time statistics, replay tracks) in process,
// answers/s with 200 concurrent HTTP clients in a child process (plain and conditional apart), and fix
// acknowledgements of a live race while those clients read.
import { PerformanceObserver } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { raceStatisticsShares } from '../apps/server/src/db/schema.ts';
import {
  FIX_EVERY_S,
  type FinishedStage,
  finishStage,
  setUpFinishedStage,
  UNREAD_AT_FINISH_S,
} from './support/big-stage-ride.ts';
import { cloneRace } from './support/clone-race.ts';
import { type BenchCourse, loadStage4 } from './support/course.ts';
import { KeptStage } from './support/kept-stage.ts';
import { Peloton } from './support/peloton.ts';
import { setUpRace, startBenchApp } from './support/race.ts';
import { BROWSER, bytesPerAnswer, readers } from './support/readers-process.ts';
import { type Metric, metric, type Options } from './support/report.ts';
import { openStageAtFinish } from './support/stage-at-finish.ts';
import { quantile, sleep } from './support/stats.ts';

const CLIENTS = 200;

/**
 * p50 and p99 of `runs` in-process requests to `url` after `warm` unmeasured ones; `before` runs ahead
 * of each (untimed): the cold figures drop every kept public answer there, so each read computes.
 */
async function latency(
  inject: (url: string) => Promise<{ statusCode: number }>,
  urls: () => string,
  runs: number,
  warm = 3,
  before: () => void | Promise<void> = () => {},
) {
  for (let k = 0; k < warm; k++) await inject(urls());
  const times: number[] = [];
  const pauses = gcPauses();
  const cpu = process.cpuUsage();
  for (let k = 0; k < runs; k++) {
    await before();
    const t0 = performance.now();
    const response = await inject(urls());
    times.push(performance.now() - t0);
    if (response.statusCode !== 200) throw new Error(`${urls()}: ${response.statusCode}`);
  }
  const used = process.cpuUsage(cpu);
  return {
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    /** The process's CPU per read (every thread: compressing kept answers too), µs: steadier under load. */
    cpuUs: Math.round((used.user + used.system) / runs),
    gc: pauses.stop(),
  };
}

/** Garbage-collection pauses from now until `stop`: the longest (what a single slow read may be), and all. */
function gcPauses() {
  let longest = 0;
  let total = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longest = Math.max(longest, entry.duration);
      total += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
  return {
    stop() {
      observer.disconnect();
      return { longest: Math.round(longest), total: Math.round(total), heapMb };
    },
  };
}

/** What explains a pass's figures beside its wall time, for its note. */
const explained = (pass: { cpuUs: number; gc: { longest: number; total: number; heapMb: number } }) =>
  `${(pass.cpuUs / 1000).toFixed(1)} ms of the process's CPU a read; GC pauses ${pass.gc.total} ms in all, the longest ${pass.gc.longest} ms, ${pass.gc.heapMb} MB of heap used as the pass began`;

/**
 * The app on a database holding the finished big stage: set up now, or (BENCH_READS_KEEP=1 on
 * PostgreSQL) a copy of the stage kept by an earlier run, set up and kept first when there is none.
 * With BENCH_FINISH_KEEP=1 the setup before the finish comes from a kept copy (support/stage-at-finish.ts).
 */
async function openStage(on: 'pglite' | 'postgres', course: BenchCourse, riderCount: number) {
  const keep = process.env.BENCH_READS_KEEP;
  const keeping =
    on === 'postgres' && keep !== undefined && keep !== '' && keep !== '0'
      ? new KeptStage<FinishedStage>('reads', riderCount, keep === '1' ? null : keep)
      : null;
  if (!keeping) {
    const bench = await openStageAtFinish(on, course, riderCount);
    return { ...bench, setup: await finishStage(bench.app, bench.database, bench.before) };
  }
  const { postgres, setup } = await keeping.database();
  if (setup) return { ...(await startBenchApp(1000, { on, postgres })), setup };
  // Set up on the run's database, kept once the app has let go of it, then read from a fresh process.
  const first = await startBenchApp(1000, { on, postgres: { url: postgres.url, drop: async () => {} } });
  const made = await setUpFinishedStage(first.app, first.database, course, riderCount);
  await first.close();
  await keeping.keep(postgres.url, made);
  return { ...(await startBenchApp(1000, { on, postgres })), setup: made };
}

/** The same on the machine's PostgreSQL (`--only readspg`): every metric named `reads_pg_*`. */
export function benchReadsPostgres(options: Options): Promise<Metric[]> {
  return benchReads(options, 'postgres');
}

/** How many big races the all-time statistics are measured over (the issue: 50). */
const ALL_TIME_RACES = 50;

export async function benchReads(options: Options, on: 'pglite' | 'postgres' = 'pglite'): Promise<Metric[]> {
  const riderCount = options.quick ? 300 : 2000;
  const runs = options.quick ? 50 : 200;
  const readMs = options.quick ? 5000 : 15_000;
  const course = loadStage4();
  const peloton = Peloton.race(course.points, riderCount);
  const { app, database, close, setup } = await openStage(on, course, riderCount);
  try {
    const { race, fixes, caughtUpS, storedS, summaryS } = setup;
    const inject = (url: string) => app.http.inject({ method: 'GET', url });
    const kept = app.services.publicReads;
    const cold = () => kept.forget(null);
    let k = 0;
    const riderPage = () => `/api/v1/registrations/${race.riders[k++ % race.riders.length]!.id}/profile`;
    const stageUrl = () => `/api/v1/stages/${race.stageId}/results`;
    const gcUrl = () => `/api/v1/races/${race.raceId}/classifications/general`;
    const raceStatsUrl = () => `/api/v1/races/${race.raceId}/statistics`;
    // Kept answers first (what a crowd gets), then every read computed (after any change, or a cold start).
    const stage = await latency(inject, stageUrl, runs);
    const gc = await latency(inject, gcUrl, runs);
    const rider = await latency(inject, riderPage, runs);
    const raceStats = await latency(inject, raceStatsUrl, runs);
    const allTime = await latency(inject, () => '/api/v1/statistics', runs);
    const coldRuns = Math.min(runs, 30);
    const stageCold = await latency(inject, stageUrl, coldRuns, 1, cold);
    const gcCold = await latency(inject, gcUrl, coldRuns, 1, cold);
    const riderCold = await latency(inject, riderPage, coldRuns, 1, cold);
    const raceStatsCold = await latency(inject, raceStatsUrl, coldRuns, 1, cold);
    const tracks = await latency(
      inject,
      () => `/api/v1/stages/${race.stageId}/tracks?step=5`,
      Math.min(runs, 20),
      1,
    );
    const tracksBytes = (await inject(`/api/v1/stages/${race.stageId}/tracks?step=5`)).body.length;

    // A live race alongside, whose riders' phones keep sending while the crowd reads.
    const liveRace = await setUpRace(app, course, { riders: 50, startAt: Date.now() - 60_000 });
    const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address}/api/v1/stages/${race.stageId}/results`;
    const etag = (await inject(`/api/v1/stages/${race.stageId}/results`)).headers.etag as string;

    const acks: number[] = [];
    let reading = true;
    const phones = (async () => {
      let second = 60;
      while (reading) {
        second++;
        await Promise.all(
          liveRace.riders.slice(0, 20).map(async (r, i) => {
            const fix = peloton.fix(i, second);
            const sent = performance.now();
            const response = await app.http.inject({
              method: 'POST',
              url: '/api/v1/track/batch',
              headers: { authorization: `Bearer ${r.token}` },
              payload: { fixes: [{ time: Date.now(), lat: fix.lat, lon: fix.lon, accuracy: 5 }] },
            });
            if (response.statusCode === 200) acks.push(performance.now() - sent);
          }),
        );
        await sleep(200);
      }
    })();
    // The crowd reads as browsers and CDNs do: every one of them sends Accept-Encoding.
    const plain = await readers({ url, count: CLIENTS, ms: readMs, headers: BROWSER }).done;
    reading = false;
    await phones;
    const conditional = await readers({
      url,
      count: CLIENTS,
      ms: readMs,
      headers: { ...BROWSER, 'if-none-match': etag },
    }).done;
    // A client that asks for no encoding (curl, a script): the whole body every time.
    const identity = await readers({ url, count: CLIENTS, ms: readMs, headers: {} }).done;
    const counts = { ...kept.counts };

    // The all-time statistics over 50 such races: 49 copies of this one's stored results.
    const t1 = performance.now();
    await cloneRace(database.db, race.raceId, ALL_TIME_RACES - 1);
    const clonedS = (performance.now() - t1) / 1000;
    const allTimeUrl = () => '/api/v1/statistics';
    // Every race's share computed and stored from scratch (the first read after the upgrade), once each.
    const fromScratch = await latency(inject, allTimeUrl, Math.min(runs, 5), 0, async () => {
      cold();
      await database.db.delete(raceStatisticsShares);
    });
    // Cold: no answer kept (as after a restart, or in another process): the stored shares are read.
    const allTime50 = await latency(inject, allTimeUrl, runs, 1, cold);
    const allTime50Kept = await latency(inject, allTimeUrl, runs);
    // One race's results changed before each read: its share goes (its basis moved), the 49 others are read.
    const allTime50OneChanged = await latency(inject, allTimeUrl, runs, 1, async () => {
      kept.forget(race.raceId);
      await database.db.delete(raceStatisticsShares).where(eq(raceStatisticsShares.raceId, race.raceId));
    });
    const storedShares = await database.db.$count(raceStatisticsShares);
    const allTimeRaces = (await inject(allTimeUrl())).json().races as number;

    const ms = (n: number) => Math.round(n * 10) / 10;
    const size = `${riderCount} riders × 4 h × ${FIX_EVERY_S} s = ${fixes.toLocaleString('en-US')} fixes, ${on === 'postgres' ? 'PostgreSQL' : 'PGlite'}`;
    const named = (m: Metric): Metric => (on === 'postgres' ? { ...m, name: `reads_pg_${m.name}` } : m);
    return [
      metric(
        'results_stored_s',
        storedS,
        's',
        5,
        'max',
        `finish → stage results and classifications stored (as the database dated the classifications); ${size}; the last ${UNREAD_AT_FINISH_S} s of fixes unread by the results' running pass at the finish`,
      ),
      metric(
        'results_pass_catch_up_s',
        caughtUpS,
        's',
        null,
        'max',
        "the results' running pass over what the bulk setup stored since its last background pass (on race day: every 10 s)",
      ),
      metric(
        'track_summary_stored_s',
        summaryS,
        's',
        null,
        'max',
        'finish → replay summary stored (made right after the results, off their critical path)',
      ),
      metric(
        'stage_results_p50_ms',
        ms(stage.p50),
        'ms',
        20,
        'max',
        `in process, ${runs} reads of the kept answer (a hit: no query)`,
      ),
      metric('stage_results_p99_ms', ms(stage.p99), 'ms', 100, 'max'),
      metric('gc_p50_ms', ms(gc.p50), 'ms', 20, 'max'),
      metric('gc_p99_ms', ms(gc.p99), 'ms', 100, 'max'),
      metric(
        'rider_page_p50_ms',
        ms(rider.p50),
        'ms',
        20,
        'max',
        `a different rider each read (${runs} of ${riderCount}: all computed); ${explained(rider)}`,
      ),
      metric('rider_page_p99_ms', ms(rider.p99), 'ms', 100, 'max'),
      metric('race_statistics_p50_ms', ms(raceStats.p50), 'ms', 50, 'max'),
      metric('alltime_statistics_p50_ms', ms(allTime.p50), 'ms', 100, 'max', 'with this one big race'),
      metric(
        'stage_results_cold_p50_ms',
        ms(stageCold.p50),
        'ms',
        20,
        'max',
        `every kept answer dropped before each read (as after a change): ${coldRuns} computed reads; p99 ${ms(stageCold.p99)} ms; ${explained(stageCold)}`,
      ),
      metric(
        'gc_cold_p50_ms',
        ms(gcCold.p50),
        'ms',
        20,
        'max',
        `p99 ${ms(gcCold.p99)} ms; ${explained(gcCold)}`,
      ),
      metric(
        'rider_page_cold_p50_ms',
        ms(riderCold.p50),
        'ms',
        20,
        'max',
        `p99 ${ms(riderCold.p99)} ms; ${explained(riderCold)}`,
      ),
      metric('race_statistics_cold_p50_ms', ms(raceStatsCold.p50), 'ms', 50, 'max'),
      metric(
        'alltime_statistics_50_cold_p50_ms',
        ms(allTime50.p50),
        'ms',
        100,
        'max',
        `${allTimeRaces} races of ${riderCount} riders (49 copies of the stored results, made in ${clonedS.toFixed(1)} s), no answer kept before each read (as after a restart): the ${storedShares} stored per-race shares read; p99 ${ms(allTime50.p99)} ms`,
      ),
      metric(
        'alltime_statistics_50_from_scratch_p50_ms',
        ms(fromScratch.p50),
        'ms',
        null,
        'max',
        `every race's share computed from its stored results and stored (the first read after the upgrade), ${Math.min(runs, 5)} reads`,
      ),
      metric(
        'alltime_statistics_50_one_changed_p50_ms',
        ms(allTime50OneChanged.p50),
        'ms',
        100,
        'max',
        `one race's results changed before each read (its share computed again, 49 read as stored); p99 ${ms(allTime50OneChanged.p99)} ms`,
      ),
      metric(
        'alltime_statistics_50_p50_ms',
        ms(allTime50Kept.p50),
        'ms',
        100,
        'max',
        'the same, the kept answer',
      ),
      metric(
        'replay_tracks_p50_ms',
        ms(tracks.p50),
        'ms',
        300,
        'max',
        `every rider, ${(tracksBytes / 1e6).toFixed(1)} MB uncompressed`,
      ),
      metric(
        'results_answers_per_s',
        plain.ok / (plain.ms / 1000),
        'answers/s',
        2000,
        'min',
        `${CLIENTS} HTTP clients in a child process sending Accept-Encoding: gzip, deflate, br, ${readMs / 1000} s; ${bytesPerAnswer(plain)} bytes an answer; ${plain.other} other answers; kept answers: ${counts.hits} hits, ${counts.misses} misses over the whole run`,
      ),
      metric(
        'results_identity_answers_per_s',
        identity.ok / (identity.ms / 1000),
        'answers/s',
        null,
        'min',
        `the same without Accept-Encoding (the whole body, ${bytesPerAnswer(identity)} bytes an answer); ${identity.other} other answers`,
      ),
      metric(
        'results_304_per_s',
        conditional.notModified / (conditional.ms / 1000),
        'answers/s',
        null,
        'min',
        'the same with If-None-Match (304s), counted apart',
      ),
      metric(
        'ingest_ack_p99_under_reads_ms',
        ms(quantile(acks, 0.99)),
        'ms',
        250,
        'max',
        `${acks.length} one-fix batches of a live race while the ${CLIENTS} clients read; p50 ${ms(quantile(acks, 0.5))} ms`,
      ),
    ].map(named);
  } finally {
    await close();
  }
}

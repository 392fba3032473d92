// ingest_fixes_per_s: fixes accepted → projected → persisted, end to end in one process on embedded
// in-memory PGlite. Riders replay offline bursts (batches of 100–500 fixes at 1 fix/s of race time) to
// POST /api/v1/track/batch, 8 requests in flight; the clock runs from the first send until every fix is
// acknowledged as stored. The processor is fed synchronously on store (before the acknowledgement), and
// the live snapshot is checked afterwards to show each rider's distance did advance.
import { sql } from 'drizzle-orm';
import { buildBatches, sendBatches } from './support/batches.ts';
import { loadStage4 } from './support/course.ts';
import { Peloton } from './support/peloton.ts';
import { CpuProfile } from './support/profile.ts';
import { setUpRace, startBenchApp } from './support/race.ts';
import { type Metric, metric, type Options } from './support/report.ts';
import { sleep } from './support/stats.ts';

const RIDERS = 200;
const IN_FLIGHT = 8;
const WARM_UP_FIXES = 20;
const PLACED = 250;

export async function benchIngest(options: Options): Promise<Metric[]> {
  const measuredFixes = options.quick ? 300 : 1500;
  const raceSeconds = WARM_UP_FIXES + measuredFixes;
  const course = loadStage4();
  const { app, database, close } = await startBenchApp(1000);
  try {
    const startAt = Date.now() - (raceSeconds + 120) * 1000;
    const race = await setUpRace(app, course, { riders: RIDERS, startAt });
    const peloton = Peloton.race(course.points, RIDERS);
    const warmUp = buildBatches(peloton, startAt, 1, 1 + WARM_UP_FIXES, 1);
    const measured = buildBatches(peloton, startAt, 1 + WARM_UP_FIXES, 1 + raceSeconds, 2);
    await sendBatches(app, race, warmUp, IN_FLIGHT);

    const total = measured.reduce((sum, r) => sum + r.fixes, 0);
    const profile = options.profile ? new CpuProfile() : null;
    await profile?.start();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { accepted, errors } = await sendBatches(app, race, measured, IN_FLIGHT);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    if (profile) console.error(await profile.stop('ingest'));
    if (errors.length > 0) {
      console.error(`  ${errors.length} batches not fully accepted, e.g. ${errors[0]}`);
    }

    const stored = await database.db.execute(sql`select count(*)::int as n from fixes`);
    const storedCount = Number((stored as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);
    const caughtUp = await ridersCaughtUp(app, race.stageId, startAt + raceSeconds * 1000, (i) =>
      peloton.distance(i, raceSeconds),
    );

    return [
      metric(
        'ingest_fixes_per_s',
        accepted / seconds,
        'fixes/s',
        30_000,
        'min',
        `${total.toLocaleString('en-US')} fixes, ${measured.length} batches, ${IN_FLIGHT} in flight`,
      ),
      metric('ingest_cpu_pct', (100 * (used.user + used.system)) / 1e6 / seconds, '% of a core'),
      metric('ingest_stored_fixes', storedCount, 'rows', RIDERS * raceSeconds, 'min', 'warm-up included'),
      metric(
        'ingest_projected_riders',
        caughtUp,
        'riders',
        RIDERS,
        'min',
        `last fix seen, live distance within ${PLACED} m of the truth`,
      ),
    ];
  } finally {
    await close();
  }
}

/**
 * Waits for a tick after the last acknowledgement, then counts the riders the live state has caught up
 * with: its last fix is the last one sent, and its distance is the true one. The feed may show a rider
 * ahead of its last fix (extrapolated by its speed for a few seconds while the stage clock runs on), so
 * the distance only has to be right to within PLACED metres: a misplaced or stuck rider is kilometres off.
 */
async function ridersCaughtUp(
  app: Awaited<ReturnType<typeof startBenchApp>>['app'],
  stageId: string,
  lastFixAt: number,
  truth: (rider: number) => number,
): Promise<number> {
  const snapshot = async () =>
    (await app.http.inject({ method: 'GET', url: `/api/v1/stages/${stageId}/live` })).json() as {
      seq: number;
      riders: Array<{ bib: number; d: number; fix: number | null }>;
    };
  const before = (await snapshot()).seq;
  let latest = await snapshot();
  for (let attempt = 0; attempt < 50 && latest.seq <= before; attempt++) {
    await sleep(100);
    latest = await snapshot();
  }
  return latest.riders.filter((r) => r.fix === lastFixAt && Math.abs(r.d - truth(r.bib - 1)) <= PLACED)
    .length;
}

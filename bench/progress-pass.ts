// progress-pass (issue 17): the CPU a running stage's background pass (stage-progress.ts) takes per fix
// stored since the last one, on PGlite (which runs on the server's thread, so its statements are this
// process's CPU): fed from the fixes heard (ProgressFeed, what a single process runs) against read back
// from the database (what a cluster runs, and every pass did before). Two apps side by side, each on its
// own PGlite data directory with the same race (stage 4, `PROGRESS_RIDERS` riders, 2,000 by default) and
// the same fixes, stored through ingest; each round the first `PROGRESS_ACTIVE` riders' phones (all by
// default) send `PROGRESS_FIXES` fixes one second apart (10: a 10 s pass), then each app's pass runs
// alone, the two in alternating order.
// `node bench/progress-pass.ts`; not part of `npm run bench`.
import { metres, pointAtDistance } from '@echelon/domain';
import { buildApp } from '../apps/server/src/app.ts';
import { ResultsStore } from '../apps/server/src/modules/results/results-store.ts';
import { openTarget } from './support/bench-database.ts';
import { loadStage4 } from './support/course.ts';
import { BENCH_PUBLIC_URL, setUpLoadRace } from './support/load-race.ts';
import { CpuProfile } from './support/profile.ts';

const RIDERS = Number(process.env.PROGRESS_RIDERS ?? 2000);
/** Riders whose phones send (the others on the start list send nothing, as in ingestload). */
const ACTIVE = Math.min(RIDERS, Number(process.env.PROGRESS_ACTIVE ?? RIDERS));
const FIXES = Number(process.env.PROGRESS_FIXES ?? 10);
const ROUNDS = Number(process.env.PROGRESS_ROUNDS ?? 8);

const course = loadStage4();
const startAt = Math.floor(Date.now() / 1000) * 1000 - 2 * 3600_000;

async function side(label: string, fromMemory: boolean) {
  const target = await openTarget('pglite');
  const app = await buildApp({
    database: target.database,
    publicUrl: BENCH_PUBLIC_URL,
    logLevel: 'silent',
    loginRateLimitPerMinute: 1000,
    sessionTtlDays: 1,
    tickMs: 1000,
  });
  // Only the passes measured here run: no live processor, no timers.
  app.services.processor.stop();
  await app.services.resultsStore.stop();
  const race = await setUpLoadRace(app, target.database, course, { riders: RIDERS, oauth: 0, startAt });
  const store = fromMemory
    ? app.services.resultsStore
    : new ResultsStore(target.database.db, app.services.audit, { feedFromMemory: false });
  return { label, app, target, race, store, pass: [] as number[], ingest: [] as number[] };
}

type Side = Awaited<ReturnType<typeof side>>;

/** Round `round`'s fixes of every rider, sent as one batch per phone (ms stamps, phones' own clocks). */
async function send(s: Side, round: number): Promise<number> {
  const cpu = process.cpuUsage();
  await Promise.all(
    s.race.registrationIds.slice(0, ACTIVE).map((registrationId, i) => {
      const speed = 9 + (i % 7) * 0.4;
      const clock = (i * 37) % 900;
      const fixes = Array.from({ length: FIXES }, (_, k) => {
        const second = round * FIXES + k + 1;
        const at = pointAtDistance(course.points, metres(Math.min(course.length, speed * second + i)));
        return {
          time: startAt + second * 1000 + clock,
          lat: at.lat,
          lon: at.lon,
          accuracy: 4 + (i % 9) * 1.37,
          speed: speed + ((second % 5) - 2) / 10,
        };
      });
      return s.app.services.ingest.ingest(
        { registrationId, raceId: s.race.raceId, bib: i + 1, raceStatus: 'live' },
        fixes,
        'native',
      );
    }),
  );
  await s.app.services.ingest.drain();
  const used = process.cpuUsage(cpu);
  return used.user + used.system;
}

/** PROGRESS_PROFILE=1: the passes fed from memory are profiled, their hot spots printed at the end. */
const profiler = process.env.PROGRESS_PROFILE ? new CpuProfile() : null;

async function pass(s: Side, profiled: boolean): Promise<number> {
  if (profiled) await profiler?.start();
  const cpu = process.cpuUsage();
  await s.store.advanceRunning();
  const used = process.cpuUsage(cpu);
  if (profiled && profiler) console.error(await profiler.stop(`progress-pass-${s.label.replace(/ /g, '-')}`));
  return used.user + used.system;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const memory = await side('fed from memory', true);
const database = await side('read back', false);
const perFix = ACTIVE * FIXES;
for (let round = 0; round < ROUNDS; round++) {
  for (const s of [memory, database]) s.ingest.push((await send(s, round)) / perFix);
  const order = round % 2 === 0 ? [memory, database] : [database, memory];
  for (const s of order) {
    const us = await pass(s, round === ROUNDS - 1 && s === memory);
    // Round 0 opens the stage: every rider read from the database on both sides.
    if (round > 0) s.pass.push(us / perFix);
    console.error(`  round ${round} ${s.label}: pass ${(us / 1000).toFixed(0)} ms CPU`);
  }
}
for (const s of [memory, database]) {
  console.log(
    `${s.label}: pass ${median(s.pass).toFixed(2)} µs CPU per fix (median of ${s.pass.length}, ${ACTIVE} of ${RIDERS} riders × ${FIXES} fixes), ingest ${median(s.ingest).toFixed(1)} µs per fix`,
  );
}
for (const s of [memory, database]) {
  await s.app.http.close();
  await s.target.drop();
}

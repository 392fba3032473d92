// The big stage's ride for the reads bench (issue 16): one fix per rider every 5 s for 4 hours, made by
// the peloton model and stored the way each database is filled fastest, without HTTP; then finished and
// approved through the API.
import { eq, max } from 'drizzle-orm';
import type { App } from '../../apps/server/src/app.ts';
import type { Database } from '../../apps/server/src/db/client.ts';
import { stageResultSets, storedClassifications } from '../../apps/server/src/db/schema.ts';
import { type FixInsert, IngestRepository } from '../../apps/server/src/modules/ingest/ingest.repository.ts';
import { copyFixes } from './copy-fixes.ts';
import type { BenchCourse } from './course.ts';
import { Peloton } from './peloton.ts';
import { type BenchRace, call, setUpRace, signIn } from './race.ts';
import { sleep } from './stats.ts';

export const FIX_EVERY_S = 5;
export const RIDE_S = 4 * 3600;
const INSERT_CHUNK = 20_000;

/** The riders' fixes timed in (fromS, toS] seconds after the start, in time order, a chunk at a time. */
function* rideChunks(
  peloton: Peloton,
  riders: string[],
  startAt: number,
  [fromS, toS]: [number, number],
): Generator<FixInsert[]> {
  let rows: FixInsert[] = [];
  for (let s = fromS + FIX_EVERY_S; s <= toS; s += FIX_EVERY_S) {
    for (let i = 0; i < riders.length; i++) {
      const fix = peloton.fix(i, s);
      const time = startAt + s * 1000;
      rows.push({
        registrationId: riders[i]!,
        time,
        lat: fix.lat,
        lon: fix.lon,
        accuracy: 5,
        speed: peloton.speeds[i]!,
        source: 'native',
        receivedAt: time,
      });
    }
    if (rows.length >= INSERT_CHUNK) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

/**
 * Stores the ride's fixes in (fromS, toS]: on PGlite through the ingest repository's bulk insert (the
 * statement group commits use), on PostgreSQL with COPY (support/copy-fixes.ts).
 */
export async function storeRide(
  database: Database,
  peloton: Peloton,
  riders: string[],
  startAt: number,
  span: [number, number],
) {
  const chunks = rideChunks(peloton, riders, startAt, span);
  if (database.kind === 'postgres') return copyFixes(database, chunks);
  const repo = new IngestRepository(database.db);
  let stored = 0;
  for (const chunk of chunks) stored += (await repo.insertFixes(chunk)).length;
  return stored;
}

/**
 * The last seconds of the ride stored after the results' last pass over the stage (see below): what is
 * still unread when the finish comes. The background pass runs every 10 s on race day.
 */
export const UNREAD_AT_FINISH_S = 30;

/** The big stage the moment its last finisher is in: the ride stored, the results' running pass behind by the last seconds. */
export interface StageAtFinish {
  race: BenchRace;
  startAt: number;
  fixes: number;
  /** The results' running pass over what the bulk setup stored, s. */
  caughtUpS: number;
}

/** The finished, approved big stage and how long its setup's parts took. */
export interface FinishedStage extends StageAtFinish {
  /** Finish → stage results and classifications stored (as the database dated them), s. */
  storedS: number;
  /** Finish → replay summary stored, s. */
  summaryS: number;
}

/**
 * A race of `riderCount` riders set up through the API and its 4-hour ride stored, the results' running
 * pass over all of it but the last seconds: where it stands on race day when the last finisher is in.
 */
export async function rideToTheFinish(
  app: App,
  database: Database,
  course: BenchCourse,
  riderCount: number,
): Promise<StageAtFinish> {
  const startAt = Date.now() - RIDE_S * 1000 - 10 * 60_000;
  const race = await setUpRace(app, course, { riders: riderCount, startAt });
  const peloton = Peloton.race(course.points, riderCount);
  // Before any fix is stored: a background pass after the bulk store would read it all itself.
  await onlyTheBenchAdvances(app);
  const t0 = performance.now();
  const ids = race.riders.map((r) => r.id);
  // The ride but its last seconds; the results store's background pass reads it as it comes (every
  // 10 s), then once more after the bulk setup: where it would stand on race day before the finish.
  let fixes = await storeRide(database, peloton, ids, startAt, [0, RIDE_S - UNREAD_AT_FINISH_S]);
  console.error(
    `  ${fixes.toLocaleString('en-US')} fixes stored in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const stored = performance.now();
  await app.services.resultsStore.advanceRunning();
  const caughtUpS = (performance.now() - stored) / 1000;
  fixes += await storeRide(database, peloton, ids, startAt, [RIDE_S - UNREAD_AT_FINISH_S, RIDE_S]);
  console.error(
    `  ${fixes.toLocaleString('en-US')} fixes stored in ${((performance.now() - t0) / 1000).toFixed(1)} s; the results' pass caught up in ${caughtUpS.toFixed(1)} s`,
  );
  return { race, startAt, fixes, caughtUpS };
}

/**
 * The results store's background pass (every 10 s) stopped, its sweep kept: the bench runs the pass
 * itself, so that the last seconds stored after it are still unread at the finish, as the metric says
 * (a background pass landing between the two read them, or not, by chance).
 */
export async function onlyTheBenchAdvances(app: App): Promise<void> {
  await app.services.resultsStore.stop();
  app.services.resultsStore.start({ sweep: true, progress: false });
}

/**
 * Race control finishes the stage; the results store stores its results and replay summary; then the
 * stage is approved. Answers how soon each was stored. `poll`: where the bench looks for the stored
 * results (the finish bench: a connection of its own, so its polling is not counted as the app's).
 */
export async function finishStage(
  app: App,
  database: Database,
  before: StageAtFinish,
  poll: Database['db'] = database.db,
): Promise<FinishedStage> {
  const { race, startAt } = before;
  const admin = await signIn(app);
  // The last finisher is in: race control finishes the stage; the results store takes it from there.
  const finishedAt = performance.now();
  const finishedWall = Date.now();
  await call(app, admin, 'POST', `/api/v1/races/${race.raceId}/status`, {
    status: 'finished',
    at: startAt + RIDE_S * 1000,
  });
  for (;;) {
    const [set] = await poll.select().from(stageResultSets).where(eq(stageResultSets.stageId, race.stageId));
    if (set && set.staleSince === null && set.rowCount > 0) break;
    await sleep(50);
  }
  // The replay summary is made right after, off the results' critical path: measured apart, and
  // awaited so that the reads do not share the machine with it.
  await app.services.resultsStore.summarised(race.stageId);
  const summaryS = (performance.now() - finishedAt) / 1000;
  // When the classifications were stored, as the database dated them: the summary's replay runs in
  // this process too and holds its event loop, so polling would see the results only after it.
  const [classified] = await poll
    .select({ at: max(storedClassifications.computedAt) })
    .from(storedClassifications)
    .where(eq(storedClassifications.raceId, race.raceId));
  const storedS = ((classified?.at?.getTime() ?? Date.now()) - finishedWall) / 1000;
  await call(app, admin, 'POST', `/api/v1/stages/${race.stageId}/results/approve`);
  return { ...before, storedS, summaryS };
}

/**
 * A race of `riderCount` riders set up through the API, the 4-hour ride stored, the stage finished by
 * race control, its results and replay summary stored by the results store, then approved.
 */
export async function setUpFinishedStage(
  app: App,
  database: Database,
  course: BenchCourse,
  riderCount: number,
): Promise<FinishedStage> {
  return finishStage(app, database, await rideToTheFinish(app, database, course, riderCount));
}

// The app on a database holding the big stage the moment before its finish (support/big-stage-ride.ts
// `rideToTheFinish`): set up now, or (BENCH_FINISH_KEEP=1 on PostgreSQL) a copy of the stage kept by an
// earlier run before its finish, set up and kept first when there is none (support/kept-stage.ts). What
// the finish then costs can be tried again in seconds instead of the setup's minutes.
import { onlyTheBenchAdvances, rideToTheFinish, type StageAtFinish } from './big-stage-ride.ts';
import type { BenchCourse } from './course.ts';
import { KeptStage } from './kept-stage.ts';
import { startBenchApp } from './race.ts';

export async function openStageAtFinish(on: 'pglite' | 'postgres', course: BenchCourse, riderCount: number) {
  const keeping =
    on === 'postgres' && process.env.BENCH_FINISH_KEEP === '1'
      ? new KeptStage<StageAtFinish>('finish', riderCount)
      : null;
  if (!keeping) {
    const bench = await startBenchApp(1000, { on });
    return { ...bench, before: await rideToTheFinish(bench.app, bench.database, course, riderCount) };
  }
  const { postgres, setup } = await keeping.database();
  if (setup) return { ...(await startKept(on, postgres)), before: setup };
  // Set up on the run's database, kept once the app has let go of it, then finished in a fresh process.
  const first = await startBenchApp(1000, { on, postgres: { url: postgres.url, drop: async () => {} } });
  const made = await rideToTheFinish(first.app, first.database, course, riderCount);
  await first.close();
  await keeping.keep(postgres.url, made);
  return { ...(await startKept(on, postgres)), before: made };
}

/** The app on the kept stage's copy, its background pass stopped as the setup left it (the last seconds unread). */
async function startKept(on: 'pglite' | 'postgres', postgres: { url: string; drop(): Promise<void> }) {
  const bench = await startBenchApp(1000, { on, postgres });
  await onlyTheBenchAdvances(bench.app);
  return bench;
}

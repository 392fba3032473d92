// How soon a finished big stage's official results are stored (issue 16: ≤ 5 s after the last
// finisher), alone: the reads bench's 2,000-rider, 4-hour stage (300 riders quick) set up to the moment
// before its finish (support/big-stage-ride.ts), then race control finishes it. On PostgreSQL
// (`finishpg`) every statement the app sends from the finish until the classifications are stored is
// counted and timed (support/statement-trace.ts), the bench's own polling apart; with
// BENCH_FINISH_KEEP=1 the stage before its finish is kept and each run times only the finish on a copy.
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../apps/server/src/db/client.ts';
import * as schema from '../apps/server/src/db/schema.ts';
import { finishStage, UNREAD_AT_FINISH_S } from './support/big-stage-ride.ts';
import { loadStage4 } from './support/course.ts';
import { type Metric, metric, type Options } from './support/report.ts';
import { openStageAtFinish } from './support/stage-at-finish.ts';
import { byKey, type Traced, traceStatements } from './support/statement-trace.ts';

export function benchFinishPostgres(options: Options): Promise<Metric[]> {
  return benchFinish(options, 'postgres');
}

export async function benchFinish(options: Options, on: 'pglite' | 'postgres' = 'pglite'): Promise<Metric[]> {
  const riderCount = options.quick ? 300 : 2000;
  const { app, database, url, close, before } = await openStageAtFinish(on, loadStage4(), riderCount);
  const poller = url ? new pg.Client({ connectionString: url }) : null;
  try {
    await poller?.connect();
    const poll = poller ? (drizzle(poller, { schema }) as unknown as Db) : database.db;
    const trace = poller ? traceStatements(new Set([poller])) : null;
    const finishedWall = Date.now();
    const finished = await finishStage(app, database, before, poll);
    const traced = trace?.stop() ?? [];
    // Up to the classifications' stored time: what the official results waited on.
    const storedAt = finishedWall + finished.storedS * 1000;
    const critical = traced.filter((t) => t.at <= storedAt);
    printCostliest(critical);
    const size = `${riderCount} riders × 4 h × 5 s = ${finished.fixes.toLocaleString('en-US')} fixes, ${on === 'postgres' ? 'PostgreSQL' : 'PGlite'}; the last ${UNREAD_AT_FINISH_S} s of fixes unread by the results' running pass at the finish`;
    const prefix = on === 'postgres' ? 'finish_pg_' : 'finish_';
    const metrics = [
      metric(
        `${prefix}results_stored_s`,
        finished.storedS,
        's',
        5,
        'max',
        `finish → stage results and classifications stored (as the database dated the classifications); ${size}`,
      ),
    ];
    if (on === 'postgres')
      metrics.push(
        metric(
          `${prefix}statements`,
          critical.length,
          'statements',
          null,
          'max',
          'the app sent from the finish until the classifications were stored (the bench’s polling apart)',
        ),
        metric(
          `${prefix}statement_ms`,
          Math.round(critical.reduce((sum, t) => sum + t.ms, 0)),
          'ms',
          null,
          'max',
          'those statements sent → answered, summed',
        ),
      );
    return metrics;
  } finally {
    await poller?.end();
    await close();
  }
}

function printCostliest(traced: readonly Traced[]) {
  for (const k of byKey(traced).slice(0, 12))
    console.error(`  ${k.n}× ${k.ms.toFixed(0)} ms (longest ${k.maxMs.toFixed(0)}): ${k.key}`);
}

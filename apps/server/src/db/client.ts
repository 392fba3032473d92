import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

/** The one database type repositories see, whether PGlite or PostgreSQL sits behind it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  /**
   * For read-only services (public results, statistics, rider pages, replays): on PostgreSQL its own
   * pool, so a crowd of readers never takes the connections fix inserts need; on PGlite the same one.
   */
  readDb: Db;
  kind: 'pglite' | 'postgres';
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS = path.resolve(import.meta.dirname, '../../drizzle');
/** Any fixed number: the advisory lock every Echelon process takes around its migrations. */
const MIGRATION_LOCK = 7_331_001;

/**
 * Every connection runs without JIT compilation. Echelon's statements are short reads through keys, but
 * the planner's estimates for a table that fills all race day (millions of fixes) run far past
 * `jit_above_cost`: a stage's finish spent 0.4–2.3 s compiling statements that then ran in
 * 0.1–0.3 s (issue 16). An `options` parameter in the database URL replaces this.
 */
const CONNECTION_OPTIONS = '-c jit=off';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | {
      kind: 'pglite';
      dataDir: string | null;
      /**
       * A data directory dumped by PGlite's `dumpDataDir` to start from instead of running initdb: a fresh
       * PGlite spends ~3 s of CPU in initdb, a loaded dump ~0.7 s (the API tests start 75 files from one).
       */
      initialData?: Blob;
    };

/** Opens the database and brings its schema up to date. A null PGlite dataDir keeps it in memory. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10, options: CONNECTION_OPTIONS });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const readPool = new pg.Pool({ connectionString: target.url, max: 10, options: CONNECTION_OPTIONS });
    readPool.on('error', () => {});
    const readDb = drizzlePg(readPool, { schema }) as unknown as Db;
    // Several processes starting together (two API replicas, every role of a cluster) migrate one at a
    // time: the others wait for the lock, then find nothing left to apply.
    const client = await pool.connect();
    // Taken from the pool, the client has no 'error' listener: a dropped socket would crash the process
    // instead of failing the migration's statement (which it does as well).
    const dropped = () => {};
    client.on('error', dropped);
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
      client.release();
      client.removeListener('error', dropped);
    }
    return {
      db,
      readDb,
      kind: 'postgres',
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: async () => {
        await Promise.all([pool.end(), readPool.end()]);
      },
    };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const client = new PGlite({
    ...(target.dataDir && { dataDir: target.dataDir }),
    ...(target.initialData && { loadDataDir: target.initialData }),
  });
  await client.waitReady;
  const pgliteDb = drizzlePglite(client, { schema });
  await migratePglite(pgliteDb, { migrationsFolder: MIGRATIONS });
  const db = pgliteDb as unknown as Db;
  return {
    db,
    readDb: db,
    kind: 'pglite',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}

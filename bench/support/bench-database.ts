// A database of the benchmark's own: the embedded default (PGlite in a fresh data directory, as
// `npm start` keeps it) or a fresh database on the machine's PostgreSQL, dropped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '../../apps/server/src/db/client.ts';
import { POSTGRES_ADMIN_URL, throwawayPostgres } from '../../apps/server/test/support/throwaway-postgres.ts';

/** The PostgreSQL the benches create their databases on: BENCH_POSTGRES_URL, else the tests' one. */
export const BENCH_POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? POSTGRES_ADMIN_URL;

/** A fresh database of the run's own on the machine's PostgreSQL, and how to drop it. */
export const benchPostgres = () => throwawayPostgres('echelon_bench', BENCH_POSTGRES_URL);

export interface Target {
  kind: 'pglite' | 'postgres';
  database: Database;
  drop(): Promise<void>;
}

export async function openTarget(kind: 'pglite' | 'postgres'): Promise<Target> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'echelon-ingestload-'));
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pglite') });
    return {
      kind,
      database,
      drop: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const throwaway = await benchPostgres();
  const database = await openDatabase({ kind: 'postgres', url: throwaway.url });
  return {
    kind,
    database,
    drop: async () => {
      await database.close();
      await throwaway.drop();
    },
  };
}

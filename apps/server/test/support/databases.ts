import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client.ts';

/** The machine's PostgreSQL; TEST_DATABASE_URL overrides it. */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testDbKind = process.env.ECHELON_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether this run's database can be used. Outside CI an unreachable PostgreSQL skips the suite with a
 * message; with CI=true it fails the run, because a skipped suite must not pass for a green one.
 */
export const databaseUnavailable: string | null = await (async () => {
  if (testDbKind !== 'postgres') return null;
  const problem = await postgresReachable();
  if (problem === null) return null;
  const message = `PostgreSQL at ${ADMIN_URL} is unreachable (${problem})`;
  if (process.env.CI === 'true') throw new Error(`${message}; the PostgreSQL suite is mandatory in CI`);
  console.warn(`Skipping the PostgreSQL API suite: ${message}`);
  return message;
})();

/** A fresh, migrated database for one test file: in-memory PGlite, or a throwaway PostgreSQL database. */
export async function createTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  if (testDbKind === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    return { ...database, drop: () => database.close() };
  }
  const name = `echelon_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    ...database,
    drop: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

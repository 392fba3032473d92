import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migratedPgliteDump, migratedPostgresTemplate } from './migrated-templates.ts';
import { POSTGRES_ADMIN_URL as ADMIN_URL, throwawayPostgres } from './throwaway-postgres.ts';

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

/** ECHELON_TEST_DB_TEMPLATES=off starts every file from empty: to time the difference, or rule it out. */
const copyTemplates = process.env.ECHELON_TEST_DB_TEMPLATES !== 'off';

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a throwaway PostgreSQL database.
 * Copied from a migrated template (migrated-templates.ts) unless `fromEmpty`, which runs every migration
 * on an empty database as a new deployment does.
 */
export async function createTestDatabase(
  options: { fromEmpty?: boolean } = {},
): Promise<Database & { drop(): Promise<void> }> {
  const fromEmpty = options.fromEmpty || !copyTemplates;
  if (testDbKind === 'pglite') {
    const initialData = fromEmpty ? undefined : await migratedPgliteDump();
    const database = await openDatabase({
      kind: 'pglite',
      dataDir: null,
      ...(initialData && { initialData }),
    });
    return { ...database, drop: () => database.close() };
  }
  const template = fromEmpty ? undefined : await migratedPostgresTemplate(ADMIN_URL);
  const throwaway = await throwawayPostgres('echelon_test', ADMIN_URL, template);
  const database = await openDatabase({ kind: 'postgres', url: throwaway.url });
  return {
    ...database,
    drop: async () => {
      await database.close();
      await throwaway.drop();
    },
  };
}

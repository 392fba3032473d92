import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { natsUnavailable, TEST_NATS_URL } from '../../support/nats.ts';
import { read } from '../repo-files.ts';

/** The machine's PostgreSQL, as the API suite uses it; TEST_DATABASE_URL overrides it. */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether the roles can run as a cluster here: the machine's PostgreSQL and NATS JetStream. Outside CI
 * their absence skips the deployment files' run with a message; with CI=true it fails.
 */
export const clusterUnavailable: string | null = await (async () => {
  const problem = natsUnavailable ?? (await postgresProblem());
  if (problem === null) return null;
  const message = `the roles need PostgreSQL and NATS here (${problem})`;
  if (process.env.CI === 'true') throw new Error(`${message}; mandatory in CI`);
  console.warn(`Skipping the deployment files' run on the image: ${message}`);
  return message;
})();

export interface EmptyDatabase {
  url: string;
  /** How many migrations are recorded as applied. */
  migrations(): Promise<number>;
  drop(): Promise<void>;
}

/** A new, empty database: the image's API role must migrate it itself. */
export async function emptyDatabase(): Promise<EmptyDatabase> {
  const name = `echelon_image_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const query = async (sql: string) => {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    url: url.toString(),
    migrations: async () =>
      Number((await query('select count(*) as n from drizzle.__drizzle_migrations')).rows[0].n),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * The deployment file's addresses of PostgreSQL and NATS (compose service names, Kubernetes Services)
 * replaced by the machine's: the only change the test makes to a file's environment.
 */
export function addresses(env: Record<string, string>, databaseUrl: string): Record<string, string> {
  const replaced: Record<string, string> = {};
  if (env.DATABASE_URL) replaced.DATABASE_URL = databaseUrl;
  if (env.NATS_URL) replaced.NATS_URL = TEST_NATS_URL;
  return replaced;
}

/** How many migrations the repository has (the image carries the same folder). */
export const journalLength = (): number =>
  (JSON.parse(read('apps/server/drizzle/meta/_journal.json')) as { entries: unknown[] }).entries.length;

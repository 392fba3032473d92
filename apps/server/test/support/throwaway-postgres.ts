// A database of a run's own on the machine's PostgreSQL, for the API tests (databases.ts) and the
// benchmarks (bench/support/bench-database.ts): created empty under a random name, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's PostgreSQL as an administrator that may create databases; TEST_DATABASE_URL overrides it. */
export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh database named `<prefix>_<random>` beside the administrator's, its URL, and how to drop it
 * (with any connection still open to it: close the app's pools first). Empty, or a copy of `template`.
 */
export async function throwawayPostgres(
  prefix: string,
  adminUrl = POSTGRES_ADMIN_URL,
  template?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await asAdmin(
    adminUrl,
    template ? `create database ${name} template ${template}` : `create database ${name}`,
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => asAdmin(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

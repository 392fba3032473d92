// A database of the run's own on the machine's PostgreSQL (BENCH_POSTGRES_URL, default the test
// server's `test` database as administrator), dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

export async function throwawayPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `echelon_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

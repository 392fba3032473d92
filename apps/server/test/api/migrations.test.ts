import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { createTestDatabase, databaseUnavailable } from '../support/databases.ts';

const journal: { entries: { tag: string }[] } = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../drizzle/meta/_journal.json'), 'utf8'),
);

/** The rows a statement answers, whether PGlite or node-postgres ran it (both answer `{ rows }`). */
async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** What a database's schema is: its tables, columns and types, indexes and constraints, in a fixed order. */
async function schemaOf(db: Db): Promise<unknown[][]> {
  const rows = (query: SQL) => rowsOf<unknown>(db, query);
  return [
    await rows(sql`select table_name, column_name, data_type, is_nullable, column_default
      from information_schema.columns where table_schema = 'public' order by table_name, column_name`),
    await rows(sql`select tablename, indexname, indexdef from pg_indexes
      where schemaname = 'public' order by tablename, indexname`),
    await rows(sql`select conrelid::regclass::text as on_table, conname, pg_get_constraintdef(oid) as definition
      from pg_constraint where connamespace = 'public'::regnamespace order by on_table, conname`),
  ];
}

async function appliedMigrations(db: Db): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return row?.n ?? 0;
}

// Every other API file starts from a copy of a migrated template; this one runs every migration on an
// empty database, as a new deployment does, and checks the copies are the same schema.
describe.skipIf(databaseUnavailable !== null)('Migrations', () => {
  let empty: Awaited<ReturnType<typeof createTestDatabase>>;
  let copy: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    empty = await createTestDatabase({ fromEmpty: true });
    copy = await createTestDatabase();
  });
  afterAll(async () => {
    await empty?.drop();
    await copy?.drop();
  });

  it('apply every migration in the folder to an empty database', async () => {
    expect(journal.entries.length).toBeGreaterThan(0);
    expect(await appliedMigrations(empty.db)).toBe(journal.entries.length);
  });

  it('give the template copies the tests start from the same schema as an empty database migrated', async () => {
    expect(await appliedMigrations(copy.db)).toBe(journal.entries.length);
    const migrated = await schemaOf(empty.db);
    expect(migrated[0]?.length).toBeGreaterThan(50);
    expect(await schemaOf(copy.db)).toEqual(migrated);
  });
});

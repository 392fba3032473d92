// Migrated databases made once and copied for every test file that needs one. Every API file used to
// start from nothing: on PGlite initdb alone costs ~3 s of CPU per file (75 files, twice with e2e and
// NATS files), on PostgreSQL a create and seven migrations ~0.35 s. A copy costs ~0.7 s and ~0.1 s.
// Both are named by a hash of the migrations folder (and PGlite's version), so a new or edited
// migration makes a new template; openDatabase still runs migrate on every copy and finds nothing to do.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase } from '../../src/db/client.ts';

const SERVER_ROOT = path.resolve(import.meta.dirname, '../..');
const MIGRATIONS = path.join(SERVER_ROOT, 'drizzle');
const CACHE_DIR = path.resolve(SERVER_ROOT, '../../node_modules/.cache/echelon-test-databases');
/** Any fixed number, not the migrations' own (db/client.ts): held while one process builds the template. */
const TEMPLATE_LOCK = 7_331_002;

/** Changes with any migration file (names and contents) and with PGlite's release (its dump format). */
const migrationsHash: string = (() => {
  const hash = createHash('sha256');
  const pgliteVersion = JSON.parse(
    readFileSync(path.resolve(SERVER_ROOT, '../../node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ).version;
  hash.update(`pglite ${pgliteVersion}\n`);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(`${path.relative(MIGRATIONS, full)}\n`).update(readFileSync(full));
    }
  };
  walk(MIGRATIONS);
  return hash.digest('hex').slice(0, 16);
})();

let pgliteDump: Promise<Blob> | undefined;

/**
 * A migrated PGlite data directory as a tarball, built by the first worker that needs it and kept in
 * node_modules/.cache for later runs. Two workers racing both build it; each writes its own temporary
 * file and renames it into place, so a reader never sees half a tarball. Read once per process.
 */
export function migratedPgliteDump(): Promise<Blob> {
  pgliteDump ??= readOrBuildPgliteDump();
  return pgliteDump;
}

async function readOrBuildPgliteDump(): Promise<Blob> {
  const file = path.join(CACHE_DIR, `pglite-${migrationsHash}.tar`);
  try {
    return new Blob([readFileSync(file)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir('none');
  await database.close();
  mkdirSync(CACHE_DIR, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
  renameSync(temporary, file);
  // Tarballs of older migrations are 40 MB each and no run will read them again.
  for (const name of readdirSync(CACHE_DIR)) {
    if (name.startsWith('pglite-') && name.endsWith('.tar') && name !== path.basename(file)) {
      rmSync(path.join(CACHE_DIR, name), { force: true });
    }
  }
  return dump;
}

/**
 * The name of a migrated database on the administrator's PostgreSQL to copy with `create database …
 * template …`. The first process of any run builds it under a temporary name and renames it when done,
 * holding an advisory lock so others wait rather than build it twice; a build that died leaves only a
 * temporary database behind, never a half-migrated template.
 */
export async function migratedPostgresTemplate(adminUrl: string): Promise<string> {
  const template = `echelon_template_${migrationsHash}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = async () =>
      (await admin.query('select 1 from pg_database where datname = $1', [template])).rowCount === 1;
    if (await exists()) return template;
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      if (await exists()) return template;
      // Only a holder of this lock builds, so any half-built template left now is from a build that died.
      const dead = await admin.query(
        "select datname from pg_database where datname like 'echelon\\_template\\_%\\_building\\_%'",
      );
      for (const { datname } of dead.rows) {
        await admin.query(`alter database ${datname} is_template false`);
        await admin.query(`drop database ${datname} with (force)`);
      }
      const building = `${template}_building_${randomBytes(4).toString('hex')}`;
      await admin.query(`create database ${building}`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const database = await openDatabase({ kind: 'postgres', url: url.toString() });
      await database.close();
      await admin.query(`alter database ${building} is_template true`);
      await admin.query(`alter database ${building} rename to ${template}`);
      return template;
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => {});
    }
  } finally {
    await admin.end();
  }
}

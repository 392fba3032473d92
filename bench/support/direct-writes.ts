// The direct-write ceilings of the ingest-load benchmark: the same rows as trackers send (the race's
// registrations, one fix a second), written straight through the database driver with no HTTP, no
// validation and no group commit, on one connection: multi-row INSERT of 1,000 rows a statement, the
// statement the server's group commit now writes a group with (IngestRepository.copyFixes: one COPY of
// the group's rows) in groups of 1,000, the insert it falls back to when a key is stored already
// (IngestRepository.insertFixes, unnested arrays, `on conflict do nothing returning`) likewise, and
// COPY of all the rows in one statement (PostgreSQL: pg-copy-streams, text format; PGlite: COPY … FROM
// '/dev/blob', its one bulk path). Each writes its own time range, so no row conflicts with another.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../apps/server/src/db/client.ts';
import { copyText } from '../../apps/server/src/modules/ingest/fixes-copy.repository.ts';
import { type FixInsert, IngestRepository } from '../../apps/server/src/modules/ingest/ingest.repository.ts';

const COLUMNS =
  'registration_id, time_ms, lat, lon, accuracy_m, speed_mps, altitude_m, heading_deg, battery_pct, sos, source, received_ms';
const STATEMENT_ROWS = 1000;

export interface DirectWrites {
  insertPerS: number;
  /** The group commit's statement (a COPY of the group) ×1,000 rows. */
  groupStatementPerS: number;
  /** The insert a group falls back to when a key is stored already ×1,000 rows. */
  fallbackStatementPerS: number;
  copyPerS: number;
  rows: number;
}

/** `count` fixes of the registrations, one second apart each, from `from` ms on. */
function rowsOf(registrationIds: string[], count: number, from: number): FixInsert[] {
  const rows: FixInsert[] = [];
  for (let k = 0; rows.length < count; k++) {
    for (const registrationId of registrationIds) {
      if (rows.length === count) break;
      rows.push({
        registrationId,
        time: from + k * 1000,
        lat: 45.1 + k * 1e-5,
        lon: 6.4 + rows.length * 1e-7,
        accuracy: 5,
        speed: 10.5,
        altitude: 1000,
        heading: null,
        battery: 80,
        sos: null,
        source: 'native',
        receivedAt: from + k * 1000 + 150,
      });
    }
  }
  return rows;
}

const valuesOf = (r: FixInsert) => [
  r.registrationId,
  r.time,
  r.lat,
  r.lon,
  r.accuracy ?? null,
  r.speed ?? null,
  r.altitude ?? null,
  r.heading ?? null,
  r.battery ?? null,
  r.sos ?? null,
  r.source,
  r.receivedAt,
];

function multiRowInsert(rows: FixInsert[]): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const row of rows) {
    const values = valuesOf(row);
    const base = params.length;
    tuples.push(`(${values.map((_, i) => `$${base + i + 1}`).join(',')})`);
    params.push(...values);
  }
  return { text: `insert into fixes (${COLUMNS}) values ${tuples.join(',')}`, params };
}

async function timed(work: () => Promise<void>, rows: number): Promise<number> {
  const started = performance.now();
  await work();
  return rows / ((performance.now() - started) / 1000);
}

export async function measureDirectWrites(
  database: Database,
  registrationIds: string[],
  count: number,
  from: number,
): Promise<DirectWrites> {
  const span = Math.ceil(count / registrationIds.length) * 1000 + 1000;
  const insertRows = rowsOf(registrationIds, count, from);
  const groupRows = rowsOf(registrationIds, count, from + span);
  const copyRows = rowsOf(registrationIds, count, from + 2 * span);
  const fallbackRows = rowsOf(registrationIds, count, from + 3 * span);
  const repo = new IngestRepository(database.db);
  const groupStatementPerS = await timed(async () => {
    for (let i = 0; i < groupRows.length; i += STATEMENT_ROWS)
      await repo.copyFixes(groupRows.slice(i, i + STATEMENT_ROWS));
  }, count);
  const fallbackStatementPerS = await timed(async () => {
    for (let i = 0; i < fallbackRows.length; i += STATEMENT_ROWS)
      await repo.insertFixes(fallbackRows.slice(i, i + STATEMENT_ROWS));
  }, count);

  const client = (database.db as unknown as { $client: PGlite | pg.Pool }).$client;
  if (database.kind === 'pglite') {
    const lite = client as PGlite;
    const insertPerS = await timed(async () => {
      for (let i = 0; i < insertRows.length; i += STATEMENT_ROWS) {
        const { text, params } = multiRowInsert(insertRows.slice(i, i + STATEMENT_ROWS));
        await lite.query(text, params);
      }
    }, count);
    const copyPerS = await timed(async () => {
      const blob = new Blob([copyText(copyRows)]);
      await lite.query(`copy fixes (${COLUMNS}) from '/dev/blob'`, [], { blob });
    }, count);
    return { insertPerS, groupStatementPerS, fallbackStatementPerS, copyPerS, rows: count };
  }
  const connection = await (client as pg.Pool).connect();
  try {
    const insertPerS = await timed(async () => {
      for (let i = 0; i < insertRows.length; i += STATEMENT_ROWS) {
        const { text, params } = multiRowInsert(insertRows.slice(i, i + STATEMENT_ROWS));
        await connection.query(text, params);
      }
    }, count);
    const copyPerS = await timed(async () => {
      const lines = function* () {
        for (let i = 0; i < copyRows.length; i += STATEMENT_ROWS)
          yield copyText(copyRows.slice(i, i + STATEMENT_ROWS));
      };
      await pipeline(
        Readable.from(lines()),
        connection.query(copyFrom(`copy fixes (${COLUMNS}) from stdin`)),
      );
    }, count);
    return { insertPerS, groupStatementPerS, fallbackStatementPerS, copyPerS, rows: count };
  } finally {
    connection.release();
  }
}

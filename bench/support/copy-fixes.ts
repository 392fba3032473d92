// The reads bench's bulk setup on PostgreSQL: a stage's millions of fixes written with COPY FROM STDIN
// (pg-copy-streams, text format) on one connection, the way a restore or a bulk import loads them — the
// bench measures reads, and at 5.8 M fixes the statement-by-statement path would take most of its time.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../apps/server/src/db/client.ts';
import type { FixInsert } from '../../apps/server/src/modules/ingest/ingest.repository.ts';

const COLUMNS = 'registration_id, time_ms, lat, lon, accuracy_m, speed_mps, source, received_ms';

const line = (r: FixInsert) =>
  `${r.registrationId}\t${r.time}\t${r.lat}\t${r.lon}\t${r.accuracy ?? '\\N'}\t${r.speed ?? '\\N'}\t${r.source}\t${r.receivedAt}\n`;

/** Writes the chunks of fixes (each an array, made as they are asked for) with one COPY; answers the rows. */
export async function copyFixes(database: Database, chunks: Iterable<FixInsert[]>): Promise<number> {
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  const connection = await pool.connect();
  let rows = 0;
  try {
    const text = function* () {
      for (const chunk of chunks) {
        rows += chunk.length;
        yield chunk.map(line).join('');
      }
    };
    await pipeline(Readable.from(text()), connection.query(copyFrom(`copy fixes (${COLUMNS}) from stdin`)));
    return rows;
  } finally {
    connection.release();
  }
}

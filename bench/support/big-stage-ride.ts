// The big stage's ride for the reads bench (issue 16): one fix per rider every 5 s for 4 hours, made by
// the peloton model and stored the way each database is filled fastest, without HTTP.
import type { Database } from '../../apps/server/src/db/client.ts';
import { type FixInsert, IngestRepository } from '../../apps/server/src/modules/ingest/ingest.repository.ts';
import { copyFixes } from './copy-fixes.ts';
import type { Peloton } from './peloton.ts';

export const FIX_EVERY_S = 5;
export const RIDE_S = 4 * 3600;
const INSERT_CHUNK = 20_000;

/** The riders' fixes timed in (fromS, toS] seconds after the start, in time order, a chunk at a time. */
function* rideChunks(
  peloton: Peloton,
  riders: string[],
  startAt: number,
  [fromS, toS]: [number, number],
): Generator<FixInsert[]> {
  let rows: FixInsert[] = [];
  for (let s = fromS + FIX_EVERY_S; s <= toS; s += FIX_EVERY_S) {
    for (let i = 0; i < riders.length; i++) {
      const fix = peloton.fix(i, s);
      const time = startAt + s * 1000;
      rows.push({
        registrationId: riders[i]!,
        time,
        lat: fix.lat,
        lon: fix.lon,
        accuracy: 5,
        speed: peloton.speeds[i]!,
        source: 'native',
        receivedAt: time,
      });
    }
    if (rows.length >= INSERT_CHUNK) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

/**
 * Stores the ride's fixes in (fromS, toS]: on PGlite through the ingest repository's bulk insert (the
 * statement group commits use), on PostgreSQL with COPY (support/copy-fixes.ts).
 */
export async function storeRide(
  database: Database,
  peloton: Peloton,
  riders: string[],
  startAt: number,
  span: [number, number],
) {
  const chunks = rideChunks(peloton, riders, startAt, span);
  if (database.kind === 'postgres') return copyFixes(database, chunks);
  const repo = new IngestRepository(database.db);
  let stored = 0;
  for (const chunk of chunks) stored += (await repo.insertFixes(chunk)).length;
  return stored;
}

// The ingest-load benchmark's check that an acknowledgement means stored: every fix the phones were told
// is stored (bench/trackers.ts keeps each device's acknowledged race seconds), looked up by its key
// (registration, time) among the rows of `fixes`. Counting answers against rows does not do: a fix sent
// twice is acknowledged twice (the second time as a duplicate) but stored once, and a request whose
// answer never came may be stored all the same.
import { sql } from 'drizzle-orm';
import type { Database } from '../../apps/server/src/db/client.ts';
import type { TrackersAudit } from '../trackers.ts';

export interface AuditFigures {
  /** Distinct fixes acknowledged as stored. */
  acknowledged: number;
  /** Fixes acknowledged more than once (the same key answered again). */
  acknowledgedAgain: number;
  /** Acknowledged fixes with no row: what must be 0. */
  unstored: number;
  /** Rows in `fixes` in all. */
  rows: number;
  /** Rows no answer acknowledged (a request that failed or timed out after its fixes were stored). */
  rowsNotAcknowledged: number;
  /** A few of the unstored, `bib@second`, to look them up. */
  examples: string[];
}

/** Rows of `fixes`; the bench's only table of interest. */
export async function countFixes(database: Database): Promise<number> {
  const result = (await database.db.execute(sql`select count(*)::int as n from fixes`)) as unknown as {
    rows: Array<{ n: number }>;
  };
  return Number(result.rows[0]!.n);
}

/**
 * `registrationIds` in bib order (device index = bib − 1); every fix was timed `startAt` + a whole
 * number of race seconds. Reads the stored keys a few hundred registrations at a time, so memory holds
 * one slice of them.
 */
export async function auditStored(
  database: Database,
  registrationIds: string[],
  audit: TrackersAudit,
  startAt: number,
): Promise<AuditFigures> {
  const figures: AuditFigures = {
    acknowledged: 0,
    acknowledgedAgain: 0,
    unstored: 0,
    rows: await countFixes(database),
    rowsNotAcknowledged: 0,
    examples: [],
  };
  let matched = 0;
  const SLICE = 500;
  for (let from = 0; from < audit.indexes.length; from += SLICE) {
    const indexes = audit.indexes.slice(from, from + SLICE);
    const ids = indexes.map((index) => registrationIds[index]!);
    const result = (await database.db.execute(sql`
      select registration_id, array_agg(time_ms - ${startAt}) as offsets
      from fixes where registration_id = any(${sql.param(ids)}::uuid[]) group by registration_id`)) as unknown as {
      rows: Array<{ registration_id: string; offsets: Array<string | number> }>;
    };
    const storedOf = new Map(result.rows.map((r) => [r.registration_id, new Set(r.offsets.map(Number))]));
    indexes.forEach((index, k) => {
      const stored = storedOf.get(ids[k]!) ?? new Set<number>();
      const seconds = audit.seconds[from + k]!.slice().sort();
      for (let i = 0; i < seconds.length; i++) {
        if (i > 0 && seconds[i] === seconds[i - 1]) {
          figures.acknowledgedAgain++;
          continue;
        }
        figures.acknowledged++;
        if (stored.has(seconds[i]! * 1000)) matched++;
        else {
          figures.unstored++;
          if (figures.examples.length < 5) figures.examples.push(`${index + 1}@${seconds[i]}`);
        }
      }
    });
  }
  figures.rowsNotAcknowledged = figures.rows - matched;
  return figures;
}

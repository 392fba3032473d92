import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { storedAnswers } from '../../db/schema.ts';
import type { EncodedBodies } from '../../http/kept-encodings.ts';

/** A race's basis (null while its results are stale), and the answer's body and compressions stored on it. */
export interface StoredRead {
  basis: string | null;
  body: string | null;
  encoded: EncodedBodies | null;
}

/** The public answers stored whole (stored-answers.ts), and what a race's answers are built from. */
export class StoredAnswersRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /**
   * A digest of everything a race's stored answers are built from besides the stored lines themselves:
   * the race row, its stages, courses and timing points, each stage's stored results (their last
   * computation), approvals and classifications, and the start list as the answers show it (bib, names,
   * team, nationality, wave) and rank it (gender, category, birth year) with its categories: those are
   * read as they stand when an answer is built, not from the stored lines (a frozen stage's lines are
   * not computed again when the start list changes, and a corrected name must show at once). Null while
   * any stage's results are marked stale: they are about to change, and the read computes them first.
   */
  async basis(raceId: string): Promise<string | null> {
    const result = (await this.db.execute(basisOf(raceId))) as unknown as {
      rows: Array<{ stale: number; basis: string }>;
    };
    const row = result.rows[0];
    return row === undefined || row.stale > 0 ? null : row.basis;
  }

  /**
   * The race's basis (as `basis` says) and, in the same statement, the answer named `key` if it is
   * stored on it (`prefix` and the basis, as StoredAnswers names it): its body, and its compressions when
   * `compressed` (the request accepts one) — one round trip for a cold read instead of two or three.
   */
  async read(raceId: string, key: string, prefix: string, compressed: boolean): Promise<StoredRead> {
    const result = (await this.db.execute(sql`
      -- Materialised: inlined, the digest was computed twice (in the join and in the select list).
      with b as materialized (${basisOf(raceId)})
      select b.stale, b.basis, a.body,
        ${compressed ? sql`a.br, a.gzip` : sql`null::bytea as br, null::bytea as gzip`}
      from b left join stored_answers a on a.key = ${key} and a.basis = ${prefix} || b.basis`)) as unknown as {
      rows: Array<{
        stale: number;
        basis: string;
        body: string | null;
        br: Uint8Array | null;
        gzip: Uint8Array | null;
      }>;
    };
    const row = result.rows[0];
    if (row === undefined || row.stale > 0) return { basis: null, body: null, encoded: null };
    return {
      basis: `${prefix}${row.basis}`,
      body: row.body,
      encoded:
        row.body === null || row.br === null || row.gzip === null
          ? null
          : { br: asBuffer(row.br), gzip: asBuffer(row.gzip) },
    };
  }

  /** The answer's body compressed, as stored on this basis; null if none is (or none was made). */
  async encodings(key: string, basis: string): Promise<EncodedBodies | null> {
    const [row] = await this.db
      .select({ br: storedAnswers.br, gzip: storedAnswers.gzip })
      .from(storedAnswers)
      .where(and(eq(storedAnswers.key, key), eq(storedAnswers.basis, basis)));
    if (!row || row.br === null || row.gzip === null) return null;
    return { br: asBuffer(row.br), gzip: asBuffer(row.gzip) };
  }

  /** The answer's body on `basis`, replacing whatever was stored; its compressions follow (saveEncodings). */
  async save(key: string, raceId: string, basis: string, body: string) {
    const values = { basis, body, br: null, gzip: null, computedAt: new Date() };
    await this.db
      .insert(storedAnswers)
      .values({ key, raceId, ...values })
      .onConflictDoUpdate({ target: storedAnswers.key, set: values });
  }

  /** The compressions of an answer stored on `basis`, if it still is (a newer basis keeps its own). */
  async saveEncodings(key: string, basis: string, encoded: EncodedBodies) {
    await this.db
      .update(storedAnswers)
      .set({ br: encoded.br, gzip: encoded.gzip })
      .where(and(eq(storedAnswers.key, key), eq(storedAnswers.basis, basis)));
  }
}

/** node-postgres gives bytea as a Buffer, PGlite as a Uint8Array: both sent as a Buffer, no copy. */
const asBuffer = (bytes: Uint8Array) =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * The statement `StoredAnswersRepository.basis` reads: whether any stage's results are stale, and a
 * digest of every input it names. The start list, by far the largest input (2,000 rows), is named by
 * its count and the sum of each row's 64-bit hash: no sort, no row turned into text, no 200 KB string
 * to digest (on PGlite at 2,100 registrations 2.0 ms of CPU instead of 4.3), and any change to a row's
 * field moves its hash and so the sum. A record's hash is a linear sum of its fields' hashes, so two
 * riders trading a name would leave the sum as it was: each row's hash is hashed again first.
 */
const basisOf = (raceId: string) => sql`
  select
    (select count(*) from stage_result_sets where race_id = ${raceId} and stale_since is not null)::int as stale,
    md5(concat_ws('|',
      (select row(r.name, r.start_date, r.visibility, r.status, r.updated_at)::text
         from races r where r.id = ${raceId}),
      (select string_agg(row(s.id, s.number, s.name, s.format, s.scoring, s.scheduled_start,
                             s.started_at, s.finished_at)::text, ',' order by s.number)
         from stages s where s.race_id = ${raceId}),
      (select string_agg(row(c.stage_id, c.name, c.length_m, c.uploaded_at)::text, ',' order by c.stage_id)
         from courses c join stages s on s.id = c.stage_id where s.race_id = ${raceId}),
      (select string_agg(row(k.id, k.stage_id, k.kind, k.name, k.distance_m)::text, ',' order by k.id)
         from checkpoints k join stages s on s.id = k.stage_id where s.race_id = ${raceId}),
      (select string_agg(row(x.stage_id, x.computed_at, x.row_count)::text, ',' order by x.stage_id)
         from stage_result_sets x where x.race_id = ${raceId}),
      (select string_agg(row(a.stage_id, a.at)::text, ',' order by a.stage_id)
         from stage_approvals a join stages s on s.id = a.stage_id where s.race_id = ${raceId}),
      (select string_agg(row(l.after_stage, l.kind, l.state, l.computed_at)::text, ','
                         order by l.after_stage, l.kind)
         from stored_classifications l where l.race_id = ${raceId}),
      (select count(*) || ' ' || sum(hashint8extended(hash_record_extended(row(g.id, g.bib, g.first_name,
                             g.last_name, g.team, g.nationality, g.wave, g.gender, g.category, g.birth_year),
                             0), 0)::numeric)
         from registrations g where g.race_id = ${raceId}),
      (select string_agg(row(c.code, c.gender, c.min_age, c.max_age)::text, ',' order by c.code)
         from categories c where c.race_id = ${raceId})
    )) as basis`;

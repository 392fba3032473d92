import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, notExists, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  registrations,
  stageApprovals,
  stageResultSets,
  storedClassifications,
  storedStageResults,
} from '../../db/schema.ts';
import { lateByFixes } from './stage-progress.repository.ts';

export type ResultSetRow = typeof stageResultSets.$inferSelect;
export type StoredResultRow = typeof storedStageResults.$inferSelect;
export type StoredResultInsert = Omit<typeof storedStageResults.$inferInsert, 'stageId'>;
export type StoredClassificationInsert = typeof storedClassifications.$inferInsert;

/** Only a stage whose results are not approved may be marked stale: official results are frozen. */
const notApproved = (db: Db) =>
  notExists(
    db
      .select({ one: sql`1` })
      .from(stageApprovals)
      .where(eq(stageApprovals.stageId, stageResultSets.stageId)),
  );

/** The stored results of stages and classifications, and the stale marks that ask for a recompute. */
export class ResultsStoreRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async setsOfStages(stageIds: string[]): Promise<ResultSetRow[]> {
    if (stageIds.length === 0) return [];
    return this.db.select().from(stageResultSets).where(inArray(stageResultSets.stageId, stageIds));
  }

  /**
   * Takes a stage's stale mark before its results are computed again; a mark made meanwhile (new
   * evidence during the computation) stays for the next one. Answers the mark taken, if any.
   */
  async claim(stageId: string): Promise<{ reason: string | null; by: string | null } | null> {
    const result = (await this.db.execute(sql`
      update ${stageResultSets} as s set stale_since = null, stale_reason = null, stale_by = null
      from (select stage_id, stale_reason, stale_by from ${stageResultSets}
            where stage_id = ${stageId} and stale_since is not null for update) as old
      where s.stage_id = old.stage_id
      returning old.stale_reason as reason, old.stale_by as by`)) as unknown as {
      rows: Array<{ reason: string | null; by: string | null }>;
    };
    return result.rows[0] ?? null;
  }

  /** Replaces a stage's stored results in one transaction (its set, then its lines). */
  async replace(
    set: Omit<typeof stageResultSets.$inferInsert, 'staleSince' | 'staleReason' | 'staleBy'>,
    rows: StoredResultInsert[],
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { stageId, ...rest } = set;
      await tx
        .insert(stageResultSets)
        .values(set)
        .onConflictDoUpdate({ target: stageResultSets.stageId, set: rest });
      await tx.delete(storedStageResults).where(eq(storedStageResults.stageId, stageId));
      for (let i = 0; i < rows.length; i += 1000) {
        await tx.insert(storedStageResults).values(rows.slice(i, i + 1000).map((r) => ({ ...r, stageId })));
      }
    });
  }

  /**
   * Marks stages stale (those with stored, unapproved results not already marked). Answers the races
   * of the stages it marked (a public answer kept from their results must go).
   */
  async markStale(stageIds: string[], reason: string, by: string | null): Promise<string[]> {
    if (stageIds.length === 0) return [];
    const marked = await this.db
      .update(stageResultSets)
      .set({ staleSince: new Date(), staleReason: reason, staleBy: by })
      .where(
        and(
          inArray(stageResultSets.stageId, stageIds),
          isNull(stageResultSets.staleSince),
          notApproved(this.db),
        ),
      )
      .returning({ raceId: stageResultSets.raceId });
    return [...new Set(marked.map((m) => m.raceId))];
  }

  /** Marks the race's stages stale, like markStale; answers whether any was marked. */
  async markRaceStale(raceId: string, reason: string, by: string | null): Promise<boolean> {
    const marked = await this.db
      .update(stageResultSets)
      .set({ staleSince: new Date(), staleReason: reason, staleBy: by })
      .where(
        and(eq(stageResultSets.raceId, raceId), isNull(stageResultSets.staleSince), notApproved(this.db)),
      )
      .returning({ stageId: stageResultSets.stageId });
    return marked.length > 0;
  }

  /**
   * Marks what stored fixes make out of date, in one statement per group commit (run once the fixes are
   * committed, so a reader that checked a mark before sees the fixes after): stale, every unapproved
   * stage whose window meets the span of a rider's fixes (first to last) in the rider's race; late, a rider's saved GPS progress on any
   * stage when a fix is at or before what it has read (`lateByFixes`). Answers the races of the stages
   * marked stale.
   */
  async markByFixes(fixes: ReadonlyArray<{ registrationId: string; time: number }>): Promise<string[]> {
    if (fixes.length === 0) return [];
    // One row per rider, its first and last fix: a batch of 100 fixes is one row, not 100 (on PGlite the
    // statement runs on the server's thread, 5–10 µs a row). Lateness needs only the first; a window is
    // marked when it meets the span, a superset of the windows holding a fix (a span around a window it
    // has no fix in marks it too: one needless recompute, never a missed one).
    const at = new Map<string, number>();
    const ids: string[] = [];
    const firsts: number[] = [];
    const lasts: number[] = [];
    for (const { registrationId, time } of fixes) {
      const i = at.get(registrationId);
      if (i === undefined) {
        at.set(registrationId, ids.length);
        ids.push(registrationId);
        firsts.push(time);
        lasts.push(time);
      } else if (time < firsts[i]!) firsts[i] = time;
      else if (time > lasts[i]!) lasts[i] = time;
    }
    // Every rider once (one fix per request, the commonest group): the statement as with a row per fix,
    // no third array to send and unnest.
    const distinct = ids.length === fixes.length;
    const spans = distinct
      ? sql`unnest(${sql.param(ids)}::uuid[], ${sql.param(firsts)}::bigint[]) as f(registration_id, time_ms)`
      : sql`unnest(${sql.param(ids)}::uuid[], ${sql.param(firsts)}::bigint[], ${sql.param(lasts)}::bigint[])
              as f(registration_id, time_ms, last_ms)`;
    const last = distinct ? sql`f.time_ms` : sql`f.last_ms`;
    const result = (await this.db.execute(sql`
      with f as (select * from ${spans}),
      late as (${lateByFixes(sql`f`)})
      update ${stageResultSets} set stale_since = now(), stale_reason = 'late fixes'
      where ${stageResultSets.staleSince} is null
        and ${notApproved(this.db)}
        and exists (
          select 1 from f
          join ${registrations} r on r.id = f.registration_id
          where r.race_id = ${stageResultSets.raceId}
            and ${last} >= ${stageResultSets.windowFrom}
            and (${stageResultSets.windowTo} is null or f.time_ms <= ${stageResultSets.windowTo}))
      returning race_id`)) as unknown as { rows: Array<{ race_id: string }> };
    return [...new Set(result.rows.map((r) => r.race_id))];
  }

  /**
   * Finished stages (or imported ones) marked stale at least `quietMs` ago: new evidence has settled,
   * compute them again. A running stage is marked by every fix batch; its results are computed when
   * read or when it finishes, never in a loop behind the riders.
   */
  async settledStale(quietMs: number): Promise<ResultSetRow[]> {
    return this.db
      .select()
      .from(stageResultSets)
      .where(
        and(
          isNotNull(stageResultSets.staleSince),
          lte(stageResultSets.staleSince, new Date(Date.now() - quietMs)),
          or(isNotNull(stageResultSets.windowTo), isNull(stageResultSets.windowFrom)),
        ),
      )
      .orderBy(asc(stageResultSets.staleSince))
      .limit(20);
  }

  /** A stage's lines with what each was computed from. */
  async evidenceRows(stageId: string) {
    return this.db
      .select({ registrationId: storedStageResults.registrationId, evidence: storedStageResults.evidence })
      .from(storedStageResults)
      .where(eq(storedStageResults.stageId, stageId));
  }

  /** A stage's lines as presented, in order: all a results read needs. */
  async presentedRows(stageId: string) {
    return this.db
      .select({ row: storedStageResults.row })
      .from(storedStageResults)
      .where(eq(storedStageResults.stageId, stageId))
      .orderBy(asc(storedStageResults.position));
  }

  /** The stages' lines as the scoring engine's input, in order: what classifications are built from. */
  async engineRows(stageIds: string[]) {
    if (stageIds.length === 0) return [];
    return this.db
      .select({ stageId: storedStageResults.stageId, engine: storedStageResults.engine })
      .from(storedStageResults)
      .where(inArray(storedStageResults.stageId, stageIds))
      .orderBy(asc(storedStageResults.stageId), asc(storedStageResults.position));
  }

  async row(stageId: string, registrationId: string): Promise<StoredResultRow | null> {
    const [row] = await this.db
      .select()
      .from(storedStageResults)
      .where(
        and(eq(storedStageResults.stageId, stageId), eq(storedStageResults.registrationId, registrationId)),
      );
    return row ?? null;
  }

  /** Replaces a race's stored classifications after stage `fromNumber` and every later one. */
  async replaceClassifications(
    raceId: string,
    fromNumber: number,
    rows: StoredClassificationInsert[],
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .delete(storedClassifications)
        .where(
          and(eq(storedClassifications.raceId, raceId), gte(storedClassifications.afterStage, fromNumber)),
        );
      for (let i = 0; i < rows.length; i += 200)
        await tx.insert(storedClassifications).values(rows.slice(i, i + 200));
    });
  }

  async classification(raceId: string, afterStage: number, kind: string) {
    const [row] = await this.db
      .select()
      .from(storedClassifications)
      .where(
        and(
          eq(storedClassifications.raceId, raceId),
          eq(storedClassifications.afterStage, afterStage),
          eq(storedClassifications.kind, kind),
        ),
      );
    return row ?? null;
  }
}

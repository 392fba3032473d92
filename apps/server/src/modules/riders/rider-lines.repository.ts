import { and, asc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { stages, storedStageResults } from '../../db/schema.ts';

export type RaceStageRow = typeof stages.$inferSelect;

/** One rider's stored line of a stage: what their page shows of it (the stored row's own values). */
export interface RiderLine {
  stageId: string;
  /** the scoring engine's rank; null for a rider not classified */
  rank: number | null;
  /** null for a finisher, else DNF, DNS, DSQ, OTL, PUL … */
  status: string | null;
  /** official stage time as stored in the presented row (exact, not rounded through `time_ms`), s */
  time: number | null;
}

/**
 * What a rider's page reads of stored results: that rider's lines (primary-key lookups by stage and
 * registration) and each stage's winning time — never the whole field's lines or evidence.
 */
export class RiderLinesRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /** The race's stages that results are scored for (numbered from 0: not prologue-like negatives), in order. */
  async stagesOfRace(raceId: string): Promise<RaceStageRow[]> {
    return this.db
      .select()
      .from(stages)
      .where(and(eq(stages.raceId, raceId), gte(stages.number, 0)))
      .orderBy(asc(stages.number));
  }

  /** The rider's stored line on each of the stages that has one. */
  async linesOf(stageIds: readonly string[], registrationId: string): Promise<Map<string, RiderLine>> {
    if (stageIds.length === 0) return new Map();
    const rows = await this.db
      .select({
        stageId: storedStageResults.stageId,
        rank: storedStageResults.rank,
        status: storedStageResults.status,
        time: sql<number | null>`${storedStageResults.row}->'time'`,
      })
      .from(storedStageResults)
      .where(
        and(
          inArray(storedStageResults.stageId, [...stageIds]),
          eq(storedStageResults.registrationId, registrationId),
        ),
      );
    return new Map(rows.map((r) => [r.stageId, { ...r, time: r.time ?? null }]));
  }

  /**
   * Each stage's winning time: the first stored line (in presented order) ranked 1 as a finisher.
   * Only lines ranked 1 are read (`stored_stage_results_stage_rank_idx`): one a stage, more only for
   * riders level on time in a time trial.
   */
  async winningTimes(stageIds: readonly string[]): Promise<Map<string, number | null>> {
    if (stageIds.length === 0) return new Map();
    const rows = await this.db
      .select({
        stageId: storedStageResults.stageId,
        time: sql<number | null>`${storedStageResults.row}->'time'`,
      })
      .from(storedStageResults)
      .where(
        and(
          inArray(storedStageResults.stageId, [...stageIds]),
          eq(storedStageResults.rank, 1),
          isNull(storedStageResults.status),
        ),
      )
      .orderBy(asc(storedStageResults.position));
    const out = new Map<string, number | null>();
    for (const r of rows) if (!out.has(r.stageId)) out.set(r.stageId, r.time ?? null);
    return out;
  }
}

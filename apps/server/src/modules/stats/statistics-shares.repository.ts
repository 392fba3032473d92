import { createHash } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  courses,
  raceStatisticsShares,
  stageResultSets,
  stages,
  storedClassifications,
} from '../../db/schema.ts';

export interface StoredShare {
  basis: string;
  share: Record<string, unknown>;
}

/** The stored shares of the all-time statistics, and what each race's share is computed from. */
export class StatisticsSharesRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /**
   * Each race's basis: a digest of all a share is computed from but the stored lines themselves — the
   * race row's last change, its stored results' and classifications' count and last computation (every
   * recompute, import or deletion moves them), and its stages and their courses as the share names
   * them. Null while any of its stages is marked stale (its results are about to change: nothing is
   * stored on them).
   */
  async basesOf(races: ReadonlyArray<{ id: string; updatedAt: Date }>): Promise<Map<string, string | null>> {
    if (races.length === 0) return new Map();
    const ids = races.map((r) => r.id);
    const [sets, classified, staged] = await Promise.all([
      this.db
        .select({
          raceId: stageResultSets.raceId,
          count: sql<number>`count(*)::int`,
          stale: sql<number>`count(${stageResultSets.staleSince})::int`,
          computed: sql<string | null>`max(${stageResultSets.computedAt})::text`,
        })
        .from(stageResultSets)
        .where(inArray(stageResultSets.raceId, ids))
        .groupBy(stageResultSets.raceId),
      this.db
        .select({
          raceId: storedClassifications.raceId,
          count: sql<number>`count(*)::int`,
          computed: sql<string | null>`max(${storedClassifications.computedAt})::text`,
        })
        .from(storedClassifications)
        .where(inArray(storedClassifications.raceId, ids))
        .groupBy(storedClassifications.raceId),
      this.db
        .select({
          raceId: stages.raceId,
          id: stages.id,
          number: stages.number,
          name: stages.name,
          format: stages.format,
          scoring: stages.scoring,
          startedAt: stages.startedAt,
          course: courses.name,
          length: courses.length,
        })
        .from(stages)
        .leftJoin(courses, eq(courses.stageId, stages.id))
        .where(inArray(stages.raceId, ids))
        .orderBy(asc(stages.raceId), asc(stages.number)),
    ]);
    const setsOf = new Map(sets.map((s) => [s.raceId, s]));
    const classifiedOf = new Map(classified.map((c) => [c.raceId, c]));
    const stagesOf = Map.groupBy(staged, (s) => s.raceId);
    return new Map(
      races.map((race) => {
        const set = setsOf.get(race.id);
        if (set && set.stale > 0) return [race.id, null];
        const facts = [race.updatedAt.toISOString(), set, classifiedOf.get(race.id), stagesOf.get(race.id)];
        return [race.id, createHash('sha256').update(JSON.stringify(facts)).digest('base64url')];
      }),
    );
  }

  async ofRaces(raceIds: readonly string[]): Promise<Map<string, StoredShare>> {
    if (raceIds.length === 0) return new Map();
    const rows = await this.db
      .select({
        raceId: raceStatisticsShares.raceId,
        basis: raceStatisticsShares.basis,
        share: raceStatisticsShares.share,
      })
      .from(raceStatisticsShares)
      .where(inArray(raceStatisticsShares.raceId, [...raceIds]));
    return new Map(rows.map((r) => [r.raceId, { basis: r.basis, share: r.share }]));
  }

  async save(raceId: string, basis: string, share: Record<string, unknown>): Promise<void> {
    await this.db
      .insert(raceStatisticsShares)
      .values({ raceId, basis, share, computedAt: new Date() })
      .onConflictDoUpdate({
        target: raceStatisticsShares.raceId,
        set: { basis, share, computedAt: new Date() },
      });
  }
}

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  races,
  registrations,
  stageApprovals,
  stageResultSets,
  stages,
  storedClassifications,
} from '../db/schema.ts';

/** What decides how long a public answer about a race may be kept, and by whom. */
export interface CacheFacts {
  raceId: string;
  visibility: string;
  status: string;
  /** The stage the route names: finished (its replay no longer changes) and approved (official). */
  stage: { finished: boolean; approved: boolean } | null;
  /** The latest instant anything the results routes serve changed: computation, approval, status. */
  lastModified: Date | null;
}

const latest = (...dates: ReadonlyArray<Date | string | null | undefined>): Date | null => {
  let out: Date | null = null;
  for (const value of dates) {
    if (value === null || value === undefined) continue;
    const date = value instanceof Date ? value : new Date(value);
    if (!out || date > out) out = date;
  }
  return out;
};

/** Reads the cache facts of the race a public route names (by race, stage or registration). */
export class CacheFactsRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /**
   * The race an audited action's target belongs to: a race, or a stage's or a registration's race;
   * undefined for targets that are no race's (users, invitations), null for a race-less target not found.
   */
  async raceOfTarget(target: { type: string; id?: string | null }): Promise<string | null | undefined> {
    if (!target.id) return undefined;
    if (target.type === 'race') return target.id;
    if (target.type === 'stage') {
      const [row] = await this.db
        .select({ raceId: stages.raceId })
        .from(stages)
        .where(eq(stages.id, target.id));
      return row?.raceId ?? null;
    }
    if (target.type === 'registration') {
      const [row] = await this.db
        .select({ raceId: registrations.raceId })
        .from(registrations)
        .where(eq(registrations.id, target.id));
      return row?.raceId ?? null;
    }
    return undefined;
  }

  async ofRoute(params: { raceId?: string; stageId?: string; registrationId?: string }) {
    if (params.stageId) return this.ofStage(params.stageId);
    let raceId = params.raceId ?? null;
    if (params.registrationId) {
      const [row] = await this.db
        .select({ raceId: registrations.raceId })
        .from(registrations)
        .where(eq(registrations.id, params.registrationId));
      if (!row) return null;
      raceId = row.raceId;
    }
    if (raceId === null) return null;
    const [race] = await this.db
      .select({
        visibility: races.visibility,
        status: races.status,
        statusChangedAt: races.statusChangedAt,
        // A race's results as a whole (classifications, statistics, rider pages) changed last when
        // any of its stages was computed or approved, or its classifications were stored.
        resultsAt: sql<string | null>`(select max(${stageResultSets.computedAt}) from ${stageResultSets}
          where ${stageResultSets.raceId} = ${races.id})`,
        approvedAt: sql<string | null>`(select max(${stageApprovals.at}) from ${stageApprovals}
          join ${stages} on ${stages.id} = ${stageApprovals.stageId} where ${stages.raceId} = ${races.id})`,
        classifiedAt: sql<string | null>`(select max(${storedClassifications.computedAt})
          from ${storedClassifications} where ${storedClassifications.raceId} = ${races.id})`,
      })
      .from(races)
      .where(eq(races.id, raceId));
    if (!race) return null;
    const facts: CacheFacts = {
      raceId,
      visibility: race.visibility,
      status: race.status,
      stage: null,
      lastModified: latest(race.resultsAt, race.approvedAt, race.classifiedAt, race.statusChangedAt),
    };
    return facts;
  }

  /**
   * A stage route's facts in one statement: the stage, its race, its results' last computation and its
   * approval (a cold public read of a stage pays one round trip here, not two; on PGlite each is about
   * a millisecond of CPU).
   */
  private async ofStage(stageId: string): Promise<CacheFacts | null> {
    const [row] = await this.db
      .select({
        raceId: stages.raceId,
        finishedAt: stages.finishedAt,
        computedAt: stageResultSets.computedAt,
        approvedAt: stageApprovals.at,
        visibility: races.visibility,
        status: races.status,
        statusChangedAt: races.statusChangedAt,
      })
      .from(stages)
      .innerJoin(races, eq(races.id, stages.raceId))
      .leftJoin(stageResultSets, eq(stageResultSets.stageId, stages.id))
      .leftJoin(stageApprovals, eq(stageApprovals.stageId, stages.id))
      .where(eq(stages.id, stageId));
    if (!row) return null;
    return {
      raceId: row.raceId,
      visibility: row.visibility,
      status: row.status,
      stage: { finished: row.finishedAt !== null, approved: row.approvedAt !== null },
      lastModified: latest(row.computedAt, row.approvedAt, row.statusChangedAt),
    };
  }
}

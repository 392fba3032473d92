import { and, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { fixes, stageRiderProgress, stages } from '../../db/schema.ts';
import type { PassFix } from './gps-pass.ts';

export type ProgressRow = typeof stageRiderProgress.$inferSelect;
/** A saved progress without the progress itself: what it was computed on, how far, and its late mark. */
export type ProgressMarks = Omit<ProgressRow, 'progress'>;

/** A rider's progress to save, with the late mark it was read with (cleared only if still the same). */
export interface ProgressSave {
  registrationId: string;
  basis: string;
  throughMs: number | null;
  progress: string;
  readLateFromMs: number | null;
}

/** Rows per statement when saving: each carries a few KB of JSON. */
const SAVE_CHUNK = 500;

/**
 * Marks riders late (part of ResultsStoreRepository.markByFixes, the one statement a group commit's
 * marks take): a fix stored at or before a rider's saved progress makes the next pass redo that rider
 * (the earliest such fix per rider is kept). `stored` names a relation of stored fixes
 * (registration_id, time_ms).
 */
export const lateByFixes = (stored: SQL) => sql`
  update ${stageRiderProgress} as p
  set late_from_ms = least(coalesce(p.late_from_ms, f.time_ms), f.time_ms)
  from (select registration_id, min(time_ms) as time_ms from ${stored} group by registration_id) as f
  where p.registration_id = f.registration_id and f.time_ms <= p.through_ms`;

/** The stored GPS progress of each rider on a stage, and the fixes it is fed from. */
export class StageProgressRepository {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  async ofStage(stageId: string): Promise<ProgressRow[]> {
    return this.db.select().from(stageRiderProgress).where(eq(stageRiderProgress.stageId, stageId));
  }

  /** The stage's saved progress rows without the progress (a few KB each). */
  async marksOf(stageId: string): Promise<ProgressMarks[]> {
    return this.db
      .select({
        stageId: stageRiderProgress.stageId,
        registrationId: stageRiderProgress.registrationId,
        basis: stageRiderProgress.basis,
        throughMs: stageRiderProgress.throughMs,
        lateFromMs: stageRiderProgress.lateFromMs,
      })
      .from(stageRiderProgress)
      .where(eq(stageRiderProgress.stageId, stageId));
  }

  /** The saved progress of these riders on the stage, with how far it is. */
  async progressOf(
    stageId: string,
    registrationIds: readonly string[],
  ): Promise<Map<string, { throughMs: number | null; progress: string }>> {
    if (registrationIds.length === 0) return new Map();
    const rows = await this.db
      .select({
        registrationId: stageRiderProgress.registrationId,
        throughMs: stageRiderProgress.throughMs,
        progress: stageRiderProgress.progress,
      })
      .from(stageRiderProgress)
      .where(
        and(
          eq(stageRiderProgress.stageId, stageId),
          inArray(stageRiderProgress.registrationId, [...registrationIds]),
        ),
      );
    return new Map(rows.map((r) => [r.registrationId, { throughMs: r.throughMs, progress: r.progress }]));
  }

  /** Stages under way: started, not finished (their results are computed at the finish). */
  async runningStageIds(): Promise<string[]> {
    const rows = await this.db
      .select({ id: stages.id })
      .from(stages)
      .where(and(isNotNull(stages.startedAt), isNull(stages.finishedAt)));
    return rows.map((r) => r.id);
  }

  /**
   * Saves riders' progress. A late mark set since it was read (a fix stored meanwhile at or before
   * what was read) is kept, so the next pass redoes that rider; the mark it was read with is cleared.
   */
  async save(stageId: string, rows: readonly ProgressSave[]): Promise<void> {
    for (let k = 0; k < rows.length; k += SAVE_CHUNK) {
      const chunk = rows.slice(k, k + SAVE_CHUNK);
      const column = <K extends keyof ProgressSave>(key: K) => sql.param(chunk.map((row) => row[key]));
      await this.db.execute(sql`
        insert into ${stageRiderProgress} (stage_id, registration_id, basis, through_ms, late_from_ms, progress)
        select ${stageId}::uuid, r.registration_id, r.basis, r.through_ms, r.late_from_ms, r.progress
        from unnest(${column('registrationId')}::uuid[], ${column('basis')}::text[],
          ${column('throughMs')}::bigint[], ${column('readLateFromMs')}::bigint[], ${column('progress')}::text[])
          as r(registration_id, basis, through_ms, late_from_ms, progress)
        on conflict (stage_id, registration_id) do update set
          basis = excluded.basis, through_ms = excluded.through_ms, progress = excluded.progress,
          late_from_ms = case when ${stageRiderProgress}.late_from_ms is not distinct from excluded.late_from_ms
            then null else ${stageRiderProgress}.late_from_ms end`);
    }
  }

  /**
   * Each rider's fixes timed after their own `after` (and at most `to`), all in time order: one
   * statement, each rider's range read through the fixes' primary key. The range is read in a lateral
   * subquery that cannot be flattened (`offset 0`), so the plan is a loop over the riders whatever the
   * planner's statistics say: joined flat, PostgreSQL on a table filled faster than it is analysed (a
   * race day's fixes) sorted and merged all 5.8 M fixes of a stage to find the 12,000 at its finish.
   * The `real` readings are read as float8, the single they hold exactly (not its shortest decimal), as
   * a pass fed from memory is given them (ingest stores them rounded to single: ingest.service.ts).
   */
  async fixesAfter(
    riders: ReadonlyArray<{ id: string; after: number }>,
    to: number | null,
  ): Promise<PassFix[]> {
    if (riders.length === 0) return [];
    const result = (await this.db.execute(sql`
      select f.registration_id, f.time_ms, f.lat, f.lon, f.accuracy_m::float8 as accuracy_m,
        f.speed_mps::float8 as speed_mps, f.altitude_m::float8 as altitude_m, f.battery_pct::float8 as battery_pct, f.sos
      from unnest(${sql.param(riders.map((r) => r.id))}::uuid[], ${sql.param(riders.map((r) => r.after))}::bigint[])
        as r(id, after)
      cross join lateral (
        select * from ${fixes} f where f.registration_id = r.id and f.time_ms > r.after
          ${to === null ? sql`` : sql`and f.time_ms <= ${to}`}
        offset 0) as f
      order by f.time_ms`)) as unknown as { rows: RawFix[] };
    return result.rows.map(toPassFix);
  }

  /**
   * Whether a running stage has anything for a pass to read: a rider without saved progress, a late
   * mark, or a fix after the furthest any rider's progress has read.
   */
  async hasNews(stageId: string, registrationIds: readonly string[]): Promise<boolean> {
    if (registrationIds.length === 0) return false;
    const result = (await this.db.execute(sql`
      select exists (
        select 1 from unnest(${sql.param([...registrationIds])}::uuid[]) as r(id)
        left join ${stageRiderProgress} p on p.stage_id = ${stageId} and p.registration_id = r.id
        where p.registration_id is null or p.late_from_ms is not null
          or exists (select 1 from ${fixes} f
                     where f.registration_id = r.id and f.time_ms > coalesce(p.through_ms, -1))
      ) as news`)) as unknown as { rows: Array<{ news: boolean }> };
    return result.rows[0]?.news === true;
  }

  /** The time of the riders' latest fix (each read backwards through the primary key); null with none. */
  async latestFix(registrationIds: readonly string[]): Promise<number | null> {
    if (registrationIds.length === 0) return null;
    const result = (await this.db.execute(sql`
      select max(latest) as latest from unnest(${sql.param([...registrationIds])}::uuid[]) as r(id)
      cross join lateral (select time_ms as latest from ${fixes} f where f.registration_id = r.id
        order by f.time_ms desc limit 1) as l`)) as unknown as {
      rows: Array<{ latest: string | number | null }>;
    };
    const latest = result.rows[0]?.latest;
    return latest === null || latest === undefined ? null : Number(latest);
  }

  /** How many fixes each rider has timed in (after, through]: what a pass checks it read them all. Counted rider by rider through the key, as `fixesAfter` reads them. */
  async countsBetween(riders: ReadonlyArray<{ id: string; after: number; through: number }>) {
    if (riders.length === 0) return new Map<string, number>();
    const result = (await this.db.execute(sql`
      select r.id, c.n
      from unnest(${sql.param(riders.map((r) => r.id))}::uuid[], ${sql.param(riders.map((r) => r.after))}::bigint[],
        ${sql.param(riders.map((r) => r.through))}::bigint[]) as r(id, after, through)
      cross join lateral (select count(*)::int as n from ${fixes} f
        where f.registration_id = r.id and f.time_ms > r.after and f.time_ms <= r.through) as c`)) as unknown as {
      rows: Array<{ id: string; n: number | string }>;
    };
    return new Map(result.rows.map((r) => [r.id, Number(r.n)]));
  }

  /** Marks a rider for a redo from scratch (a fix stored during a pass that the pass did not read). */
  async markRedo(stageId: string, registrationIds: readonly string[], from: number): Promise<void> {
    if (registrationIds.length === 0) return;
    await this.db.execute(sql`
      update ${stageRiderProgress} set late_from_ms = least(coalesce(late_from_ms, ${from}::bigint), ${from}::bigint)
      where stage_id = ${stageId} and registration_id = any(${sql.param([...registrationIds])}::uuid[])`);
  }
}

interface RawFix {
  registration_id: string;
  time_ms: string | number;
  lat: number;
  lon: number;
  accuracy_m: number | null;
  speed_mps: number | null;
  altitude_m: number | null;
  battery_pct: number | null;
  sos: boolean | null;
}

function toPassFix(r: RawFix): PassFix {
  return {
    registrationId: r.registration_id,
    time: Number(r.time_ms),
    lat: r.lat,
    lon: r.lon,
    accuracy: r.accuracy_m,
    speed: r.speed_mps,
    altitude: r.altitude_m,
    battery: r.battery_pct,
    sos: r.sos,
  };
}

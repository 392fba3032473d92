import { and, asc, eq, exists, isNotNull, isNull, max, notExists, notInArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { courses, decisions, passings, registrations, stageResults, stages } from '../../db/schema.ts';
import type { StageRecords } from './stage-rules.ts';

export type StageRow = typeof stages.$inferSelect;
/** The course's summary figures, without its geometry. */
export interface CourseSummary {
  length: number;
  /** Null when the course file had no elevation. */
  climbing: number | null;
  lapCount: number;
}
export type StageWithCourse = StageRow & { hasCourse: boolean; course?: CourseSummary | null };

/** A stage and its course's summary in one row: a left join, so listing a race's stages is one query. */
const withCourse = {
  stage: stages,
  courseLength: courses.length,
  courseClimbing: courses.climbing,
  courseLapCount: courses.lapCount,
  courseHasElevation: courses.hasElevation,
};
type JoinedRow = {
  stage: StageRow;
  courseLength: number | null;
  courseClimbing: number | null;
  courseLapCount: number | null;
  courseHasElevation: boolean | null;
};
const toStage = (row: JoinedRow): StageWithCourse => {
  const course =
    row.courseLength === null || row.courseLapCount === null
      ? null
      : {
          length: row.courseLength,
          climbing: row.courseHasElevation ? row.courseClimbing : null,
          lapCount: row.courseLapCount,
        };
  return { ...row.stage, hasCourse: course !== null, course };
};

export class StagesRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async insert(values: typeof stages.$inferInsert): Promise<StageRow> {
    const [row] = await this.db.insert(stages).values(values).returning();
    return row!;
  }

  async findById(id: string): Promise<StageWithCourse | null> {
    const [row] = await this.db
      .select(withCourse)
      .from(stages)
      .leftJoin(courses, eq(courses.stageId, stages.id))
      .where(eq(stages.id, id));
    return row ? toStage(row) : null;
  }

  async listByRace(raceId: string): Promise<StageWithCourse[]> {
    const rows = await this.db
      .select(withCourse)
      .from(stages)
      .leftJoin(courses, eq(courses.stageId, stages.id))
      .where(eq(stages.raceId, raceId))
      .orderBy(asc(stages.number));
    return rows.map(toStage);
  }

  async nextNumber(raceId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: max(stages.number) })
      .from(stages)
      .where(eq(stages.raceId, raceId));
    return row?.n === null || row?.n === undefined ? 1 : row.n + 1;
  }

  async update(id: string, values: Partial<typeof stages.$inferInsert>): Promise<StageRow> {
    const [row] = await this.db.update(stages).set(values).where(eq(stages.id, id)).returning();
    return row!;
  }

  /**
   * The bibs of the race's riders registered in a wave other than `except`, by wave, ascending: who a
   * stage's new waves would leave behind. A stage edit reads it, so it lives with the stages.
   */
  async ridersInWavesOtherThan(raceId: string, except: readonly string[]): Promise<Map<string, number[]>> {
    const where: SQL[] = [eq(registrations.raceId, raceId), isNotNull(registrations.wave)];
    if (except.length > 0) where.push(notInArray(registrations.wave, [...except]));
    const rows = await this.db
      .select({ wave: registrations.wave, bib: registrations.bib })
      .from(registrations)
      .where(and(...where))
      .orderBy(asc(registrations.bib));
    const byWave = new Map<string, number[]>();
    for (const { wave, bib } of rows) {
      if (wave === null) continue;
      const bibs = byWave.get(wave);
      if (bibs) bibs.push(bib);
      else byWave.set(wave, [bib]);
    }
    return byWave;
  }

  /** Whether the stage holds results, timing passings or decisions (revoked ones too: they are the record). */
  async records(stageId: string): Promise<StageRecords> {
    const [row] = await this.db
      .select({
        results: exists(this.resultsOf(stageId)).mapWith(Boolean),
        passings: exists(this.passingsOf(stageId)).mapWith(Boolean),
        decisions: exists(this.decisionsOf(stageId)).mapWith(Boolean),
      })
      .from(stages)
      .where(eq(stages.id, stageId));
    return row ?? { results: false, passings: false, decisions: false };
  }

  /**
   * Deletes a stage that never started and holds no results, passings or decisions; the same conditions
   * are in the statement, so race control starting it (or an import landing) meanwhile keeps it. Its
   * course, checkpoints, start times, approval and announcements go with it (the foreign keys cascade).
   * Answers whether it was deleted.
   */
  async deleteUnstarted(stageId: string): Promise<boolean> {
    const deleted = await this.db
      .delete(stages)
      .where(
        and(
          eq(stages.id, stageId),
          isNull(stages.startedAt),
          notExists(this.resultsOf(stageId)),
          notExists(this.passingsOf(stageId)),
          notExists(this.decisionsOf(stageId)),
        ),
      )
      .returning({ id: stages.id });
    return deleted.length > 0;
  }

  private resultsOf(stageId: string) {
    return this.db
      .select({ one: stageResults.stageId })
      .from(stageResults)
      .where(eq(stageResults.stageId, stageId));
  }
  private passingsOf(stageId: string) {
    return this.db.select({ one: passings.stageId }).from(passings).where(eq(passings.stageId, stageId));
  }
  private decisionsOf(stageId: string) {
    return this.db.select({ one: decisions.id }).from(decisions).where(eq(decisions.stageId, stageId));
  }
}

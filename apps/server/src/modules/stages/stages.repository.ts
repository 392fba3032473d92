import { asc, eq, max } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { courses, stages } from '../../db/schema.ts';

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
}

import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checkpoints, courses } from '../../db/schema.ts';

export type CourseRow = typeof courses.$inferSelect;
export type CheckpointRow = typeof checkpoints.$inferSelect;

export class CoursesRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async find(stageId: string): Promise<CourseRow | null> {
    const [row] = await this.db.select().from(courses).where(eq(courses.stageId, stageId));
    return row ?? null;
  }

  /**
   * Stores a (new) course and re-bases the stage's checkpoints in one transaction: start and finish
   * are rewritten for the new geometry, and the others move to where their lat/lon now snaps.
   */
  async replace(
    course: typeof courses.$inferInsert,
    startFinish: Array<typeof checkpoints.$inferInsert>,
    moved: Array<{ id: string; distance: number; lat: number; lon: number }>,
  ): Promise<CourseRow> {
    return this.db.transaction(async (tx) => {
      const { stageId, ...rest } = course;
      const [row] = await tx
        .insert(courses)
        .values(course)
        .onConflictDoUpdate({ target: courses.stageId, set: rest })
        .returning();
      await tx
        .delete(checkpoints)
        .where(and(eq(checkpoints.stageId, stageId), inArray(checkpoints.kind, ['start', 'finish'])));
      if (startFinish.length > 0) await tx.insert(checkpoints).values(startFinish);
      for (const m of moved) {
        await tx
          .update(checkpoints)
          .set({ distance: m.distance, lat: m.lat, lon: m.lon })
          .where(eq(checkpoints.id, m.id));
      }
      return row!;
    });
  }

  async setLapCount(stageId: string, lapCount: number): Promise<void> {
    const course = await this.find(stageId);
    if (!course) return;
    const perLap = (total: number) => total / course.lapCount;
    await this.db.transaction(async (tx) => {
      await tx
        .update(courses)
        .set({
          lapCount,
          length: course.lapLength * lapCount,
          climbing: perLap(course.climbing) * lapCount,
          descent: perLap(course.descent) * lapCount,
        })
        .where(eq(courses.stageId, stageId));
      await tx
        .update(checkpoints)
        .set({ distance: course.lapLength * lapCount })
        .where(and(eq(checkpoints.stageId, stageId), eq(checkpoints.kind, 'finish')));
    });
  }

  async listCheckpoints(stageId: string): Promise<CheckpointRow[]> {
    return this.db
      .select()
      .from(checkpoints)
      .where(eq(checkpoints.stageId, stageId))
      .orderBy(asc(checkpoints.distance), asc(checkpoints.createdAt));
  }

  async insertCheckpoint(values: typeof checkpoints.$inferInsert): Promise<CheckpointRow> {
    const [row] = await this.db.insert(checkpoints).values(values).returning();
    return row!;
  }

  async deleteCheckpoint(stageId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(checkpoints)
      .where(and(eq(checkpoints.stageId, stageId), eq(checkpoints.id, id)))
      .returning();
    return rows.length > 0;
  }
}

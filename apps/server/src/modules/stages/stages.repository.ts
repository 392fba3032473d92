import { asc, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { courses, stages } from '../../db/schema.ts';

export type StageRow = typeof stages.$inferSelect;
export type StageWithCourse = StageRow & { hasCourse: boolean };

const hasCourse = sql<boolean>`exists (select 1 from ${courses} where ${courses.stageId} = ${stages.id})`;

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
    const [row] = await this.db.select({ stage: stages, hasCourse }).from(stages).where(eq(stages.id, id));
    return row ? { ...row.stage, hasCourse: row.hasCourse } : null;
  }

  async listByRace(raceId: string): Promise<StageWithCourse[]> {
    const rows = await this.db
      .select({ stage: stages, hasCourse })
      .from(stages)
      .where(eq(stages.raceId, raceId))
      .orderBy(asc(stages.number));
    return rows.map((r) => ({ ...r.stage, hasCourse: r.hasCourse }));
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

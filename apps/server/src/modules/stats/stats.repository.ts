import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { courses, races } from '../../db/schema.ts';

export type RaceRow = typeof races.$inferSelect;

export interface CourseFacts {
  stageId: string;
  name: string | null;
  /** whole course, all laps, m */
  length: number;
}

export class StatsRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /** Name and length of the stages' courses; the points stay in the database. */
  async coursesOf(stageIds: string[]): Promise<Map<string, CourseFacts>> {
    if (stageIds.length === 0) return new Map();
    const rows = await this.db
      .select({ stageId: courses.stageId, name: courses.name, length: courses.length })
      .from(courses)
      .where(inArray(courses.stageId, stageIds));
    return new Map(rows.map((r) => [r.stageId, r]));
  }

  /** Races anyone may list whose racing is over: what the all-time statistics cover. */
  async publicFinishedRaces(): Promise<RaceRow[]> {
    return this.db
      .select()
      .from(races)
      .where(and(eq(races.visibility, 'public'), inArray(races.status, ['finished', 'official'])))
      .orderBy(asc(races.startDate), asc(races.id));
  }
}

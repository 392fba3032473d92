import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checkpoints, courses, races, registrations } from '../../db/schema.ts';

export type RegistrationRow = typeof registrations.$inferSelect;
export type RaceRow = typeof races.$inferSelect;
export interface Entry {
  registration: RegistrationRow;
  race: RaceRow;
}

export class RidersRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async entry(registrationId: string): Promise<Entry | null> {
    const [row] = await this.db
      .select({ registration: registrations, race: races })
      .from(registrations)
      .innerJoin(races, eq(races.id, registrations.raceId))
      .where(eq(registrations.id, registrationId));
    return row ?? null;
  }

  /**
   * Every registration with its race. Names are matched in code, accents folded: PGlite has no
   * `unaccent`, and a start list is at most a few thousand short rows.
   */
  async allEntries(): Promise<Entry[]> {
    return this.db
      .select({ registration: registrations, race: races })
      .from(registrations)
      .innerJoin(races, eq(races.id, registrations.raceId));
  }

  /**
   * What a rider's splits on each stage need of its course: the lap's length and count (not the
   * points, which a rider's page never draws) and the checkpoints in course order.
   */
  async splitCourses(stageIds: readonly string[]): Promise<Map<string, SplitCourse>> {
    const out = new Map<string, SplitCourse>();
    if (stageIds.length === 0) return out;
    const laps = await this.db
      .select({ stageId: courses.stageId, lapLength: courses.lapLength, lapCount: courses.lapCount })
      .from(courses)
      .where(inArray(courses.stageId, [...stageIds]));
    const points = await this.db
      .select()
      .from(checkpoints)
      .where(inArray(checkpoints.stageId, [...stageIds]))
      .orderBy(asc(checkpoints.distance));
    for (const lap of laps) {
      out.set(lap.stageId, {
        lapLength: lap.lapLength,
        lapCount: lap.lapCount,
        checkpoints: points.filter((c) => c.stageId === lap.stageId),
      });
    }
    return out;
  }
}

export interface SplitCourse {
  lapLength: number;
  lapCount: number;
  checkpoints: Array<typeof checkpoints.$inferSelect>;
}

import { asc, eq, inArray, sql } from 'drizzle-orm';
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
   * The registrations that may carry the same name as `key` (a `nameKey`), with their races: a superset
   * the caller narrows with `nameKey` itself. PGlite has no `unaccent`, so the database is asked only
   * for names holding the key's longest word with every letter either itself (either case) or any
   * non-ASCII character — an accented letter, or one followed by combining marks — which every name of
   * the same key does (NFD only ever adds marks to a letter; a lowercased non-ASCII letter is never two
   * ASCII ones). Case is spelled out in the pattern, not left to `~*` or `lower()`, whose folding of
   * non-ASCII letters depends on the database's locale. One scan of the names in the database, instead
   * of every registration and its race sent to the process.
   */
  async namesakes(key: string): Promise<Entry[]> {
    const longest = key.split(' ').reduce((a, b) => (b.length > a.length ? b : a), '');
    const pattern = [...longest]
      .map((c) => `${/^[a-z0-9]$/.test(c) ? `[${c}${c.toUpperCase()}]|` : ''}[^\\x01-\\x7f]`)
      .map((one) => `(?:${one})[^\\x01-\\x7f]*`)
      .join('');
    return this.db
      .select({ registration: registrations, race: races })
      .from(registrations)
      .innerJoin(races, eq(races.id, registrations.raceId))
      .where(sql`(${registrations.firstName} || ' ' || ${registrations.lastName}) ~ ${pattern}`);
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

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checkpoints, courses, races, registrations } from '../../db/schema.ts';

export type RegistrationRow = typeof registrations.$inferSelect;
export type RaceRow = typeof races.$inferSelect;
export interface Entry {
  registration: RegistrationRow;
  race: RaceRow;
}

/** A key word as a pattern: each letter itself (either case) or non-ASCII, then any combining marks. */
function wordPattern(word: string): string {
  return [...word]
    .map((c) => `${/^[a-z0-9]$/.test(c) ? `[${c}${c.toUpperCase()}]|` : ''}[^\\x01-\\x7f]`)
    .map((one) => `(?:${one})[^\\x01-\\x7f]*`)
    .join('');
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
   * The registrations that may carry the same name as `key` (a `nameKey`): a superset the caller
   * narrows with `nameKey` itself, so only their ids and names are read (no race, no timestamps to map:
   * a name shared by a whole field — the words every bench rider's name has — once cost the page most
   * of its time). PGlite has no `unaccent`, so the database is asked only for names holding every word
   * of the key with every letter either itself (either case) or any non-ASCII character — an accented
   * letter, or one followed by combining marks — which every name of the same key does (NFD only ever
   * adds marks to a letter; a lowercased non-ASCII letter is never two ASCII ones). Case is spelled out
   * in the pattern, not left to `~*` or `lower()`, whose folding of non-ASCII letters depends on the
   * database's locale.
   */
  async namesakes(key: string): Promise<Array<{ id: string; firstName: string; lastName: string }>> {
    const name = sql`(${registrations.firstName} || ' ' || ${registrations.lastName})`;
    // The longest word first: the one that rules out the most names before the others are tried.
    const words = key
      .split(' ')
      .filter(Boolean)
      .sort((a, b) => b.length - a.length);
    return this.db
      .select({ id: registrations.id, firstName: registrations.firstName, lastName: registrations.lastName })
      .from(registrations)
      .where(and(...words.map((word) => sql`${name} ~ ${wordPattern(word)}`)));
  }

  /** The registrations with their races. */
  async entries(ids: readonly string[]): Promise<Entry[]> {
    if (ids.length === 0) return [];
    return this.db
      .select({ registration: registrations, race: races })
      .from(registrations)
      .innerJoin(races, eq(races.id, registrations.raceId))
      .where(inArray(registrations.id, [...ids]));
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

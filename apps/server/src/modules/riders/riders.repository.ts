import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { races, registrations } from '../../db/schema.ts';

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
}

import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deviceTokens, fixes, races, registrations } from '../../db/schema.ts';

export type FixInsert = typeof fixes.$inferInsert;

/** A registration as ingest needs it: which race it rides in, and whether that race is running. */
export interface TrackedRider {
  registrationId: string;
  raceId: string;
  bib: number;
  raceStatus: string;
}

const rider = {
  registrationId: registrations.id,
  raceId: registrations.raceId,
  bib: registrations.bib,
  raceStatus: races.status,
  deviceId: registrations.deviceId,
};

/** Postgres allows 65,535 bound parameters; 11 columns a row leaves room for 5,000 rows a statement. */
const ROWS_PER_STATEMENT = 5000;

export class IngestRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async findByTokenHash(tokenHash: string): Promise<TrackedRider | null> {
    const [row] = await this.db
      .select(rider)
      .from(deviceTokens)
      .innerJoin(registrations, eq(registrations.id, deviceTokens.registrationId))
      .innerJoin(races, eq(races.id, registrations.raceId))
      .where(and(eq(deviceTokens.tokenHash, tokenHash), isNull(deviceTokens.revokedAt)));
    return row ? strip(row) : null;
  }

  /**
   * Registrations whose tracker id is one of `deviceIds`. A phone may be registered in several races
   * over a season: the caller picks the running race.
   */
  async findByDeviceIds(deviceIds: string[]): Promise<Array<TrackedRider & { deviceId: string }>> {
    if (deviceIds.length === 0) return [];
    const rows = await this.db
      .select(rider)
      .from(registrations)
      .innerJoin(races, eq(races.id, registrations.raceId))
      .where(inArray(registrations.deviceId, deviceIds))
      .orderBy(desc(races.statusChangedAt));
    return rows.map((r) => ({ ...strip(r), deviceId: r.deviceId! }));
  }

  async insertDeviceToken(values: typeof deviceTokens.$inferInsert) {
    const [row] = await this.db.insert(deviceTokens).values(values).returning();
    return row!;
  }

  async revokeDeviceTokens(registrationId: string): Promise<number> {
    const rows = await this.db
      .update(deviceTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(deviceTokens.registrationId, registrationId), isNull(deviceTokens.revokedAt)))
      .returning();
    return rows.length;
  }

  /** Inserts fixes, skipping ones already stored; answers the keys that were new. */
  async insertFixes(rows: FixInsert[]): Promise<Array<{ registrationId: string; time: number }>> {
    const inserted: Array<{ registrationId: string; time: number }> = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      inserted.push(
        ...(await this.db
          .insert(fixes)
          .values(chunk)
          .onConflictDoNothing()
          .returning({ registrationId: fixes.registrationId, time: fixes.time })),
      );
    }
    return inserted;
  }

  async fixesSince(registrationIds: string[], since: number) {
    if (registrationIds.length === 0) return [];
    return this.db
      .select()
      .from(fixes)
      .where(and(inArray(fixes.registrationId, registrationIds), gte(fixes.time, since)))
      .orderBy(fixes.time);
  }

  async countFixes(registrationId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(fixes)
      .where(eq(fixes.registrationId, registrationId));
    return row?.n ?? 0;
  }
}

function strip(row: TrackedRider & { deviceId: string | null }): TrackedRider {
  return { registrationId: row.registrationId, raceId: row.raceId, bib: row.bib, raceStatus: row.raceStatus };
}

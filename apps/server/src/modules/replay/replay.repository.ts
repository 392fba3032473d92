import { and, asc, gte, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { fixes } from '../../db/schema.ts';
import type { ReplayFix } from './stage-replay.ts';

export class ReplayRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /**
   * The riders' fixes between two instants, in time order: one query per stage. Bounded by the stage's
   * finish because the same registrations ride the race's later stages, and only the columns the live
   * state reads.
   */
  async fixesBetween(registrationIds: string[], from: number, to: number | null): Promise<ReplayFix[]> {
    if (registrationIds.length === 0) return [];
    return this.db
      .select({
        registrationId: fixes.registrationId,
        time: fixes.time,
        lat: fixes.lat,
        lon: fixes.lon,
        accuracy: fixes.accuracy,
        speed: fixes.speed,
        altitude: fixes.altitude,
        battery: fixes.battery,
      })
      .from(fixes)
      .where(
        and(
          inArray(fixes.registrationId, registrationIds),
          gte(fixes.time, from),
          ...(to === null ? [] : [lte(fixes.time, to)]),
        ),
      )
      .orderBy(asc(fixes.time), asc(fixes.registrationId));
  }
}

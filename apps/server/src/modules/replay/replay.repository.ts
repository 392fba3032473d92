import { and, asc, gte, inArray, lt, max } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { fixes } from '../../db/schema.ts';
import type { ReplayFix } from './stage-replay.ts';

/**
 * Fixes are read in slices of this much ride time: on the embedded database one statement holds its
 * only connection, so a stage's millions of fixes as one query would keep fix inserts waiting for
 * seconds; between slices they go through.
 */
const SLICE_MS = 10 * 60_000;

export class ReplayRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /**
   * The riders' fixes between two instants, in time order, read slice by slice. Bounded by the stage's
   * finish because the same registrations ride the race's later stages, and only the columns the live
   * state reads.
   */
  async fixesBetween(registrationIds: string[], from: number, to: number | null): Promise<ReplayFix[]> {
    const out: ReplayFix[] = [];
    for await (const slice of this.slicesBetween(registrationIds, from, to))
      for (const fix of slice) out.push(fix);
    return out;
  }

  /** The riders' latest fix at or after `from` (epoch ms), or null. */
  async latestFix(registrationIds: string[], from: number): Promise<number | null> {
    if (registrationIds.length === 0) return null;
    const [row] = await this.db
      .select({ last: max(fixes.time) })
      .from(fixes)
      .where(and(inArray(fixes.registrationId, registrationIds), gte(fixes.time, from)));
    return row?.last ?? null;
  }

  /**
   * The same fixes a slice of ride time at a time, in time order: a whole stage's replay (5.8 M fixes
   * for 2,000 riders over 4 hours) holds one slice at a time, not the stage.
   */
  async *slicesBetween(
    registrationIds: string[],
    from: number,
    to: number | null,
  ): AsyncGenerator<ReplayFix[]> {
    if (registrationIds.length === 0) return;
    const riders = inArray(fixes.registrationId, registrationIds);
    const end = to ?? (await this.latestFix(registrationIds, from));
    if (end === null) return;
    for (let sliceFrom = from; sliceFrom <= end; sliceFrom += SLICE_MS) {
      const sliceTo = Math.min(sliceFrom + SLICE_MS, end + 1);
      yield await this.db
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
        .where(and(riders, gte(fixes.time, sliceFrom), lt(fixes.time, sliceTo)))
        .orderBy(asc(fixes.time), asc(fixes.registrationId));
    }
  }
}

import { setImmediate as nextTurn } from 'node:timers/promises';
import { and, asc, gte, inArray, lt, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { fixes } from '../../db/schema.ts';
import type { ReplayFix } from './stage-replay.ts';

/**
 * Rows a slice of fixes aims at. On the embedded database a statement runs on the process's only
 * thread, and reading a row costs it 15–20 µs on a busy 2-core machine: a slice of 10 minutes of a
 * 2,000-rider stage (240,000 rows) held every fix acknowledgement and every read for 5–6 s. About
 * 3,000 rows is 50–90 ms, and acknowledgements go through between slices.
 */
const SLICE_ROWS = 3_000;
/** Bounds of a slice's length in ride time: a second (a huge field), ten minutes (a handful of riders). */
const MIN_SLICE_MS = 1_000;
const MAX_SLICE_MS = 10 * 60_000;
/** The first slice's guess before any row is seen: phones report every few seconds. */
const GUESSED_INTERVAL_MS = 5_000;

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
   * for 2,000 riders over 4 hours) holds one slice at a time, not the stage. Each slice's length follows
   * the rows the last one held, aiming at `sliceRows` whatever the field's size and the phones'
   * intervals, and the next slice is read on a later turn of the event loop, after what waited.
   */
  async *slicesBetween(
    registrationIds: string[],
    from: number,
    to: number | null,
    sliceRows = SLICE_ROWS,
  ): AsyncGenerator<ReplayFix[]> {
    if (registrationIds.length === 0) return;
    // One array parameter, not one per rider: binding 2,000 parameters cost as much as the rows.
    const riders = sql`${fixes.registrationId} = any(${sql.param(registrationIds)}::uuid[])`;
    const end = to ?? (await this.latestFix(registrationIds, from));
    if (end === null) return;
    let length = clampSlice((sliceRows * GUESSED_INTERVAL_MS) / registrationIds.length);
    for (let sliceFrom = from; sliceFrom <= end; ) {
      const sliceTo = Math.min(sliceFrom + length, end + 1);
      const slice = await this.db
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
      // Rows per ms of this slice sets the next one's length (doubled across a silent stretch).
      length = clampSlice(slice.length === 0 ? length * 2 : (length * sliceRows) / slice.length);
      sliceFrom = sliceTo;
      if (slice.length > 0) yield slice;
      await nextTurn();
    }
  }
}

function clampSlice(ms: number): number {
  return Math.round(Math.min(MAX_SLICE_MS, Math.max(MIN_SLICE_MS, ms)));
}

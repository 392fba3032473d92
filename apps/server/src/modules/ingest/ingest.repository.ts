import { and, desc, eq, gte, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deviceTokens, fixes, races, registrations, sosAlerts } from '../../db/schema.ts';
import { FixesCopyRepository } from './fixes-copy.repository.ts';

export type FixInsert = typeof fixes.$inferInsert;
export type SosInsert = typeof sosAlerts.$inferInsert;

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

export class IngestRepository {
  private readonly db: Db;
  private readonly copier: FixesCopyRepository;
  constructor(db: Db) {
    this.db = db;
    this.copier = new FixesCopyRepository(db);
  }

  async findByTokenHash(tokenHash: string): Promise<TrackedRider | null> {
    return (await this.findByTokenHashes([tokenHash])).get(tokenHash) ?? null;
  }

  /** The riders of the unrevoked device tokens among `tokenHashes`, by hash (unknown ones absent). */
  async findByTokenHashes(tokenHashes: string[]): Promise<Map<string, TrackedRider>> {
    if (tokenHashes.length === 0) return new Map();
    const rows = await this.db
      .select({ ...rider, tokenHash: deviceTokens.tokenHash })
      .from(deviceTokens)
      .innerJoin(registrations, eq(registrations.id, deviceTokens.registrationId))
      .innerJoin(races, eq(races.id, registrations.raceId))
      .where(and(inArray(deviceTokens.tokenHash, tokenHashes), isNull(deviceTokens.revokedAt)));
    return new Map(rows.map((row) => [row.tokenHash, strip(row)]));
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

  /**
   * Inserts fixes, skipping ones already stored; answers the keys that were new. The group commit's
   * fallback when a key is stored already (`copyFixes` is its common case). One statement per batch,
   * with each column bound as one array and unnested: building a multi-row VALUES list through the
   * query builder cost more CPU than the database's own work (bench: 18k → 44k fixes/s).
   */
  async insertFixes(rows: FixInsert[]): Promise<Array<{ registrationId: string; time: number }>> {
    if (rows.length === 0) return [];
    const column = <K extends keyof FixInsert>(key: K) => sql.param(rows.map((row) => row[key] ?? null));
    // Both drivers (node-postgres, PGlite) answer raw queries with { rows }.
    const result = (await this.db.execute(sql`
      insert into ${fixes} (registration_id, time_ms, lat, lon, accuracy_m, speed_mps, altitude_m, heading_deg,
        battery_pct, sos, source, received_ms)
      select * from unnest(${column('registrationId')}::uuid[], ${column('time')}::bigint[],
        ${column('lat')}::float8[], ${column('lon')}::float8[], ${column('accuracy')}::real[],
        ${column('speed')}::real[], ${column('altitude')}::real[], ${column('heading')}::real[],
        ${column('battery')}::real[], ${column('sos')}::bool[], ${column('source')}::text[], ${column('receivedAt')}::bigint[])
      on conflict do nothing
      returning registration_id, time_ms`)) as unknown as {
      rows: Array<{ registration_id: string; time_ms: string | number }>;
    };
    return result.rows.map((r) => ({ registrationId: r.registration_id, time: Number(r.time_ms) }));
  }

  /**
   * Stores rows that are all new in one COPY, all or none (see FixesCopyRepository): the group commit's
   * common case, cheaper than `insertFixes` for the database and for this process. Throws the
   * database's error, storing nothing, if any key is already stored (23505) or any row refused.
   */
  copyFixes(rows: readonly FixInsert[]): Promise<void> {
    return this.copier.copyFixes(rows);
  }

  /** Stores SOS alerts; one already stored (a resent SOS) is left as it is. */
  async insertSos(rows: SosInsert[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insert(sosAlerts).values(rows).onConflictDoNothing();
  }

  /** SOS alerts whose position was refused, since `since`: the live state raises them on a rebuild too. */
  async refusedSosSince(registrationIds: string[], since: number) {
    if (registrationIds.length === 0) return [];
    return this.db
      .select({ registrationId: sosAlerts.registrationId, time: sosAlerts.time })
      .from(sosAlerts)
      .where(
        and(
          inArray(sosAlerts.registrationId, registrationIds),
          gte(sosAlerts.time, since),
          isNotNull(sosAlerts.positionRefused),
        ),
      );
  }

  /** A race's SOS alerts with their riders, newest first. */
  async sosOfRace(raceId: string, limit: number) {
    return this.db
      .select({ sos: sosAlerts, rider: registrations })
      .from(sosAlerts)
      .innerJoin(registrations, eq(registrations.id, sosAlerts.registrationId))
      .where(eq(registrations.raceId, raceId))
      .orderBy(desc(sosAlerts.time))
      .limit(limit);
  }

  async sosOf(registrationId: string) {
    return this.db
      .select()
      .from(sosAlerts)
      .where(eq(sosAlerts.registrationId, registrationId))
      .orderBy(sosAlerts.time);
  }

  async fixesSince(registrationIds: string[], since: number) {
    if (registrationIds.length === 0) return [];
    return this.db
      .select()
      .from(fixes)
      .where(and(inArray(fixes.registrationId, registrationIds), gte(fixes.time, since)))
      .orderBy(fixes.time);
  }

  /** The riders' fixes timed in [from, to] (to null: no end), in time order: one stage's evidence. */
  async fixesBetween(registrationIds: string[], from: number, to: number | null) {
    if (registrationIds.length === 0) return [];
    return this.db
      .select()
      .from(fixes)
      .where(
        and(
          inArray(fixes.registrationId, registrationIds),
          gte(fixes.time, from),
          to === null ? undefined : lte(fixes.time, to),
        ),
      )
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

import { type StageStatus, stageOfTheDay } from '@echelon/domain';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  oauthGrantRegistrations,
  races,
  registrationRiders,
  registrations,
  stages,
} from '../../db/schema.ts';
import type { TrackedRider } from '../ingest/ingest.repository.ts';

export interface RideRegistration {
  registrationId: string;
  raceId: string;
  raceName: string;
  raceStatus: string;
  ownerId: string;
  bib: number;
  firstName: string;
  lastName: string;
  deviceId: string | null;
}

const columns = {
  registrationId: registrations.id,
  raceId: registrations.raceId,
  raceName: races.name,
  raceStatus: races.status,
  ownerId: races.ownerId,
  bib: registrations.bib,
  firstName: registrations.firstName,
  lastName: registrations.lastName,
  deviceId: registrations.deviceId,
};

/** The OAuth module's own SQL: which registration each grant sends for, and who rides which registration. */
export class OAuthRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async registration(registrationId: string): Promise<RideRegistration | null> {
    const [row] = await this.db
      .select(columns)
      .from(registrations)
      .innerJoin(races, eq(races.id, registrations.raceId))
      .where(eq(registrations.id, registrationId));
    return row ?? null;
  }

  /** Registrations ridden by this account, newest race first. */
  async registrationsOfRider(userId: string): Promise<RideRegistration[]> {
    return this.db
      .select(columns)
      .from(registrationRiders)
      .innerJoin(registrations, eq(registrations.id, registrationRiders.registrationId))
      .innerJoin(races, eq(races.id, registrations.raceId))
      .where(eq(registrationRiders.userId, userId))
      .orderBy(asc(races.name), asc(registrations.bib));
  }

  async riderOf(registrationId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ userId: registrationRiders.userId })
      .from(registrationRiders)
      .where(eq(registrationRiders.registrationId, registrationId));
    return row?.userId ?? null;
  }

  async setRider(registrationId: string, userId: string | null): Promise<void> {
    if (userId === null) {
      await this.db.delete(registrationRiders).where(eq(registrationRiders.registrationId, registrationId));
      return;
    }
    await this.db
      .insert(registrationRiders)
      .values({ registrationId, userId })
      .onConflictDoUpdate({ target: registrationRiders.registrationId, set: { userId } });
  }

  /** Another registration of the same race this account rides already, if any (one rider, one entry). */
  async otherRegistrationInRace(
    userId: string,
    raceId: string,
    registrationId: string,
  ): Promise<{ bib: number } | null> {
    const [row] = await this.db
      .select({ bib: registrations.bib })
      .from(registrationRiders)
      .innerJoin(registrations, eq(registrations.id, registrationRiders.registrationId))
      .where(
        and(
          eq(registrationRiders.userId, userId),
          eq(registrations.raceId, raceId),
          ne(registrations.id, registrationId),
        ),
      );
    return row ?? null;
  }

  async bindGrant(values: typeof oauthGrantRegistrations.$inferInsert): Promise<void> {
    await this.db.insert(oauthGrantRegistrations).values(values);
  }

  /** The riders grants send for, as the ingest knows riders, by grant id; a revoked grant is absent. */
  async trackedRidersOfGrants(grantIds: string[]): Promise<Map<string, TrackedRider>> {
    const rows = await this.db
      .select({
        grantId: oauthGrantRegistrations.grantId,
        registrationId: registrations.id,
        raceId: registrations.raceId,
        bib: registrations.bib,
        raceStatus: races.status,
      })
      .from(oauthGrantRegistrations)
      .innerJoin(registrations, eq(registrations.id, oauthGrantRegistrations.registrationId))
      .innerJoin(races, eq(races.id, registrations.raceId))
      .where(inArray(oauthGrantRegistrations.grantId, grantIds));
    return new Map(rows.map(({ grantId, ...rider }) => [grantId, rider]));
  }

  /** Removes a registration's grant bindings and returns their grant ids, for the adapter to revoke. */
  async unbindGrants(registrationId: string): Promise<string[]> {
    const rows = await this.db
      .delete(oauthGrantRegistrations)
      .where(eq(oauthGrantRegistrations.registrationId, registrationId))
      .returning({ grantId: oauthGrantRegistrations.grantId });
    return rows.map((r) => r.grantId);
  }

  /**
   * Removes the bindings of the grants one account made for a registration (its own trackers, not the
   * ones organisers connected) and returns their grant ids, for the adapter to revoke.
   */
  async unbindGrantsOf(registrationId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .delete(oauthGrantRegistrations)
      .where(
        and(
          eq(oauthGrantRegistrations.registrationId, registrationId),
          eq(oauthGrantRegistrations.userId, userId),
        ),
      )
      .returning({ grantId: oauthGrantRegistrations.grantId });
    return rows.map((r) => r.grantId);
  }

  /** The stage a rider rides now: the stage of the day (running, else next scheduled), else the last. */
  async currentStage(
    raceId: string,
  ): Promise<{ id: string; number: number; name: string; status: StageStatus } | null> {
    const rows = await this.db
      .select({ id: stages.id, number: stages.number, name: stages.name, status: stages.status })
      .from(stages)
      .where(and(eq(stages.raceId, raceId)))
      .orderBy(asc(stages.number));
    const typed = rows.map((s) => ({ ...s, status: s.status as StageStatus }));
    return stageOfTheDay(typed) ?? typed.at(-1) ?? null;
  }
}

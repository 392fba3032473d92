import { and, asc, count, eq, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import {
  categories,
  decisions,
  fixes,
  passings,
  races,
  registrationRiders,
  registrations,
  stageResults,
  stages,
  users,
} from '../../db/schema.ts';

export type RegistrationRow = typeof registrations.$inferSelect;
export type RegistrationInsert = typeof registrations.$inferInsert;
export type CategoryRow = typeof categories.$inferSelect;

/** What has been recorded of riders, and would go with them if they were deleted. */
export interface Evidence {
  fixes: number;
  passings: number;
  results: number;
  decisions: number;
}

/** Postgres binds at most 65,535 parameters a statement: insert big start lists in chunks. */
const CHUNK = 1000;

export class RegistrationsRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async list(raceId: string, filter: { category?: string | undefined; q?: string | undefined }) {
    const where: SQL[] = [eq(registrations.raceId, raceId)];
    if (filter.category) where.push(eq(registrations.category, filter.category));
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        or(
          ilike(registrations.firstName, pattern),
          ilike(registrations.lastName, pattern),
          ilike(registrations.team, pattern),
          sql`${registrations.bib}::text = ${filter.q}`,
        )!,
      );
    }
    return this.db
      .select()
      .from(registrations)
      .where(and(...where))
      .orderBy(asc(registrations.bib));
  }

  /** The accounts linked to the race's registrations (who may connect their own trackers), by bib. */
  async linkedRiders(raceId: string) {
    return this.db
      .select({
        registrationId: registrationRiders.registrationId,
        userId: users.id,
        name: users.name,
        email: users.email,
      })
      .from(registrationRiders)
      .innerJoin(registrations, eq(registrations.id, registrationRiders.registrationId))
      .innerJoin(users, eq(users.id, registrationRiders.userId))
      .where(eq(registrations.raceId, raceId))
      .orderBy(asc(registrations.bib));
  }

  /** The names of the waves the race's stages define, each once: a registration's wave is one of them. */
  /** Each stage's wave names (an empty list for a stage without waves). */
  async stageWaveNames(raceId: string): Promise<string[][]> {
    const rows = await this.db.select({ waves: stages.waves }).from(stages).where(eq(stages.raceId, raceId));
    return rows.map((row) => row.waves.map((wave) => wave.name));
  }

  async findById(id: string): Promise<RegistrationRow | null> {
    const [row] = await this.db.select().from(registrations).where(eq(registrations.id, id));
    return row ?? null;
  }

  /**
   * Tracker ids among `deviceIds` already on the start list of another race that is published or
   * running: trackers are matched by id alone, so one id must mean one rider at a time.
   */
  async devicesInUseElsewhere(raceId: string, deviceIds: string[]) {
    if (deviceIds.length === 0) return [];
    return this.db
      .select({ deviceId: registrations.deviceId, raceName: races.name })
      .from(registrations)
      .innerJoin(races, eq(races.id, registrations.raceId))
      .where(
        and(
          inArray(registrations.deviceId, deviceIds),
          ne(registrations.raceId, raceId),
          inArray(races.status, ['published', 'live', 'neutralised']),
        ),
      );
  }

  async update(id: string, values: Partial<RegistrationInsert>): Promise<RegistrationRow> {
    const [row] = await this.db.update(registrations).set(values).where(eq(registrations.id, id)).returning();
    return row!;
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(registrations).where(eq(registrations.id, id));
  }

  /** What has been recorded of one rider: their fixes, timing passings, stored results and decisions. */
  async evidenceOf(registrationId: string): Promise<Evidence> {
    return this.evidence((column) => eq(column, registrationId));
  }

  /** What has been recorded of any rider of a race. */
  async evidenceOfRace(raceId: string): Promise<Evidence> {
    const ofRace = this.db
      .select({ id: registrations.id })
      .from(registrations)
      .where(eq(registrations.raceId, raceId));
    return this.evidence((column) => inArray(column, ofRace));
  }

  private async evidence(whose: (column: PgColumn) => SQL): Promise<Evidence> {
    const counted = async (
      table: typeof fixes | typeof passings | typeof stageResults | typeof decisions,
    ) => {
      const [row] = await this.db.select({ n: count() }).from(table).where(whose(table.registrationId));
      return row?.n ?? 0;
    };
    return {
      fixes: await counted(fixes),
      passings: await counted(passings),
      results: await counted(stageResults),
      decisions: await counted(decisions),
    };
  }

  async listCategories(raceId: string): Promise<CategoryRow[]> {
    return this.db
      .select()
      .from(categories)
      .where(eq(categories.raceId, raceId))
      .orderBy(asc(categories.code));
  }

  async insertCategory(values: typeof categories.$inferInsert): Promise<CategoryRow> {
    const [row] = await this.db.insert(categories).values(values).returning();
    return row!;
  }

  /**
   * Writes a start list in one transaction, so an import is all or nothing. In replace mode the race's
   * earlier registrations go first; new category codes are created as custom categories.
   */
  async importAll(
    raceId: string,
    rows: RegistrationInsert[],
    options: { replace: boolean; newCategories: string[] },
  ): Promise<RegistrationRow[]> {
    return this.db.transaction(async (tx) => {
      if (options.replace) await tx.delete(registrations).where(eq(registrations.raceId, raceId));
      if (options.newCategories.length > 0) {
        await tx
          .insert(categories)
          .values(options.newCategories.map((code) => ({ raceId, code, name: code, kind: 'custom' })))
          .onConflictDoNothing();
      }
      const inserted: RegistrationRow[] = [];
      for (let i = 0; i < rows.length; i += CHUNK) {
        inserted.push(
          ...(await tx
            .insert(registrations)
            .values(rows.slice(i, i + CHUNK))
            .returning()),
        );
      }
      return inserted;
    });
  }
}

import { and, asc, eq, inArray, max } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { passings, races, registrations, stageResults, stages } from '../../db/schema.ts';

export type StageResultInsert = typeof stageResults.$inferInsert;
export type RegistrationRow = typeof registrations.$inferSelect;
export type StageRow = typeof stages.$inferSelect;

export class ResultsRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async stagesOfRace(raceId: string): Promise<StageRow[]> {
    return this.db.select().from(stages).where(eq(stages.raceId, raceId)).orderBy(asc(stages.number));
  }

  async raceById(raceId: string): Promise<typeof races.$inferSelect | null> {
    const [row] = await this.db.select().from(races).where(eq(races.id, raceId));
    return row ?? null;
  }

  async stageById(stageId: string): Promise<StageRow[]> {
    return this.db.select().from(stages).where(eq(stages.id, stageId));
  }

  async ridersOfRace(raceId: string): Promise<RegistrationRow[]> {
    return this.db
      .select()
      .from(registrations)
      .where(eq(registrations.raceId, raceId))
      .orderBy(asc(registrations.bib));
  }

  /**
   * What a race's rankings by gender, category and age group know of each rider: four columns, not the
   * whole registration — a cold read of a 2,000-rider stage's results or GC spent 8 of its ms of CPU
   * mapping whole rows (timestamps and all), 2 this way.
   */
  async rankingFactsOfRace(raceId: string) {
    return this.db
      .select({
        id: registrations.id,
        gender: registrations.gender,
        category: registrations.category,
        birthYear: registrations.birthYear,
      })
      .from(registrations)
      .where(eq(registrations.raceId, raceId));
  }

  async highestBib(raceId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: max(registrations.bib) })
      .from(registrations)
      .where(eq(registrations.raceId, raceId));
    return row?.n ?? 0;
  }

  /**
   * Stores an import in one transaction: the riders it registers, then each named stage's results,
   * replacing what those stages had. Either all of it is stored or none.
   */
  async storeImport(
    newRiders: Array<typeof registrations.$inferInsert>,
    stageIds: string[],
    rows: (riderIds: Map<string, string>) => StageResultInsert[],
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const created =
        newRiders.length > 0 ? await tx.insert(registrations).values(newRiders).returning() : [];
      const ids = new Map(created.map((r) => [`${r.firstName} ${r.lastName}`, r.id]));
      await tx.delete(stageResults).where(inArray(stageResults.stageId, stageIds));
      const values = rows(ids);
      for (let i = 0; i < values.length; i += 2000)
        await tx.insert(stageResults).values(values.slice(i, i + 2000));
    });
  }

  async resultsOfStages(stageIds: string[]) {
    if (stageIds.length === 0) return [];
    return this.db
      .select({ result: stageResults, rider: registrations })
      .from(stageResults)
      .innerJoin(registrations, eq(registrations.id, stageResults.registrationId))
      .where(inArray(stageResults.stageId, stageIds))
      .orderBy(asc(stageResults.stageId), asc(stageResults.position));
  }

  /** Stores passings in one transaction; a newer read of a rider's lap at a point replaces the older one. */
  async storePassings(rows: Array<typeof passings.$inferInsert>): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const row of rows) {
        await tx
          .insert(passings)
          .values(row)
          .onConflictDoUpdate({
            target: [passings.stageId, passings.registrationId, passings.checkpointId, passings.lap],
            set: { time: row.time, importedAt: new Date() },
          });
      }
    });
  }

  async passingsOfStage(stageId: string) {
    return this.db.select().from(passings).where(eq(passings.stageId, stageId));
  }

  async resultsOfStage(stageId: string) {
    return this.db
      .select({ result: stageResults, rider: registrations })
      .from(stageResults)
      .innerJoin(registrations, eq(registrations.id, stageResults.registrationId))
      .where(and(eq(stageResults.stageId, stageId)))
      .orderBy(asc(stageResults.position));
  }
}

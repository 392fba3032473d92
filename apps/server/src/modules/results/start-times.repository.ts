import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { registrations, startTimes } from '../../db/schema.ts';

export type StartTimeRow = typeof startTimes.$inferSelect;

export class StartTimesRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /** The stage's start list, in start order, with each rider. */
  async ofStage(stageId: string) {
    return this.db
      .select({ start: startTimes, rider: registrations })
      .from(startTimes)
      .innerJoin(registrations, eq(registrations.id, startTimes.registrationId))
      .where(eq(startTimes.stageId, stageId))
      .orderBy(asc(startTimes.position));
  }

  /** Rider → scheduled start (epoch ms). */
  async startsOfStage(stageId: string): Promise<Map<string, number>> {
    const rows = await this.db.select().from(startTimes).where(eq(startTimes.stageId, stageId));
    return new Map(rows.map((r) => [r.registrationId, r.startAt]));
  }

  /** Replaces the stage's start list in one transaction: the old list or the new one, never a mix. */
  async replace(stageId: string, rows: Array<Omit<StartTimeRow, 'stageId'>>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.delete(startTimes).where(eq(startTimes.stageId, stageId));
      for (let i = 0; i < rows.length; i += 2000) {
        await tx.insert(startTimes).values(rows.slice(i, i + 2000).map((r) => ({ ...r, stageId })));
      }
    });
  }
}

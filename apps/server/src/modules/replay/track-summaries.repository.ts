import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { stageTrackSummaries } from '../../db/schema.ts';

export type TrackSummaryRow = typeof stageTrackSummaries.$inferSelect;

/** The stored per-stage track summaries (the tracks route's JSON at the summary's step). */
export class TrackSummariesRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async ofStage(stageId: string): Promise<TrackSummaryRow | null> {
    const [row] = await this.db
      .select()
      .from(stageTrackSummaries)
      .where(eq(stageTrackSummaries.stageId, stageId));
    return row ?? null;
  }

  async replace(stageId: string, step: number, body: string): Promise<void> {
    await this.db
      .insert(stageTrackSummaries)
      .values({ stageId, step, body, computedAt: new Date() })
      .onConflictDoUpdate({
        target: stageTrackSummaries.stageId,
        set: { step, body, computedAt: new Date() },
      });
  }

  async remove(stageId: string): Promise<void> {
    await this.db.delete(stageTrackSummaries).where(eq(stageTrackSummaries.stageId, stageId));
  }
}

import type { RiderOutDecision } from '@echelon/domain';
import { and, asc, eq, getTableColumns, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { announcements, checkpoints, courses, races, registrations, stages } from '../db/schema.ts';
import { DecisionsRepository } from '../modules/results/decisions.repository.ts';

export type StageRow = typeof stages.$inferSelect;
export type AnnouncementRow = typeof announcements.$inferSelect;

/** A course as the live state and the replays use it: everything but the uploaded file's bytes. */
const { original: _original, ...courseColumns } = getTableColumns(courses);
export type StageCourse = Omit<typeof courses.$inferSelect, 'original'>;

/** Everything the live processor loads about one stage when it goes live (or the server restarts). */
export interface StageContext {
  stage: StageRow;
  race: typeof races.$inferSelect;
  course: StageCourse | null;
  checkpoints: Array<typeof checkpoints.$inferSelect>;
  riders: Array<typeof registrations.$inferSelect>;
  announcements: AnnouncementRow[];
  /**
   * The decisions that took riders out of the race or put them back, in order: a runtime rebuilt
   * after a restart or a take-over missed the control events that carried them.
   */
  riderOutDecisions: RiderOutDecision[];
}

export class LiveRepository {
  private readonly db: Db;
  private readonly decisions: DecisionsRepository;
  constructor(db: Db) {
    this.db = db;
    this.decisions = new DecisionsRepository(db);
  }

  async loadStage(stageId: string): Promise<StageContext | null> {
    const [row] = await this.db
      .select({ stage: stages, race: races })
      .from(stages)
      .innerJoin(races, eq(races.id, stages.raceId))
      .where(eq(stages.id, stageId));
    if (!row) return null;
    const [course] = await this.db.select(courseColumns).from(courses).where(eq(courses.stageId, stageId));
    return {
      ...row,
      course: course ?? null,
      checkpoints: await this.db
        .select()
        .from(checkpoints)
        .where(eq(checkpoints.stageId, stageId))
        .orderBy(asc(checkpoints.distance)),
      riders: await this.db
        .select()
        .from(registrations)
        .where(eq(registrations.raceId, row.race.id))
        .orderBy(asc(registrations.bib)),
      announcements: await this.db
        .select()
        .from(announcements)
        .where(eq(announcements.raceId, row.race.id))
        .orderBy(asc(announcements.at)),
      riderOutDecisions: await this.decisions.riderOutDecisions(stageId),
    };
  }

  /** Stages that were running when the process stopped: started, not finished, in a running race. */
  async runningStages(): Promise<string[]> {
    const rows = await this.db
      .select({ id: stages.id })
      .from(stages)
      .innerJoin(races, eq(races.id, stages.raceId))
      .where(
        and(
          inArray(races.status, ['live', 'neutralised']),
          isNotNull(stages.startedAt),
          isNull(stages.finishedAt),
        ),
      );
    return rows.map((r) => r.id);
  }

  async stagesOfRace(raceId: string): Promise<StageRow[]> {
    return this.db.select().from(stages).where(eq(stages.raceId, raceId)).orderBy(asc(stages.number));
  }

  async markStarted(stageId: string, at: number): Promise<void> {
    await this.db
      .update(stages)
      .set({ startedAt: at })
      .where(and(eq(stages.id, stageId), isNull(stages.startedAt)));
  }

  async markFinished(stageId: string, at: number): Promise<void> {
    await this.db.update(stages).set({ finishedAt: at }).where(eq(stages.id, stageId));
  }

  async insertAnnouncement(values: typeof announcements.$inferInsert): Promise<AnnouncementRow> {
    const [row] = await this.db.insert(announcements).values(values).returning();
    return row!;
  }
}

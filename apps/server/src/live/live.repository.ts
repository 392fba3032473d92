import {
  type RaceStatus,
  type RiderOutDecision,
  RUNNING_STAGE_STATUSES,
  type StageStatus,
} from '@echelon/domain';
import { and, asc, eq, getTableColumns, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  announcements,
  checkpoints,
  courses,
  passings,
  races,
  registrations,
  stages,
  startTimes,
} from '../db/schema.ts';
import { DecisionsRepository } from '../modules/results/decisions.repository.ts';

export type StageRow = typeof stages.$inferSelect;
export type AnnouncementRow = typeof announcements.$inferSelect;
export type RaceRow = typeof races.$inferSelect;

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

export interface StageTimingInput {
  /** Rider → scheduled start, epoch ms. */
  starts: Map<string, number>;
  /** Rider → timing point → passing, epoch ms. */
  passings: Map<string, Map<string, number>>;
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

  /**
   * What a time trial's live standings run on: each rider's scheduled start, and a timing system's first
   * passing at each point (imported or entered by hand), which makes that split exact.
   */
  async timeTrialTiming(stageId: string): Promise<StageTimingInput> {
    const starts = await this.db.select().from(startTimes).where(eq(startTimes.stageId, stageId));
    const reads = await this.db
      .select()
      .from(passings)
      .where(and(eq(passings.stageId, stageId), eq(passings.lap, 1)));
    const byRider = new Map<string, Map<string, number>>();
    for (const p of reads) {
      const points = byRider.get(p.registrationId) ?? new Map<string, number>();
      byRider.set(p.registrationId, points.set(p.checkpointId, p.time));
    }
    return { starts: new Map(starts.map((s) => [s.registrationId, s.startAt])), passings: byRider };
  }

  /** Stages that were running when the process stopped: live or neutralised. */
  async runningStages(): Promise<string[]> {
    const rows = await this.db
      .select({ id: stages.id })
      .from(stages)
      .where(inArray(stages.status, [...RUNNING_STAGE_STATUSES]));
    return rows.map((r) => r.id);
  }

  async stagesOfRace(raceId: string): Promise<StageRow[]> {
    return this.db.select().from(stages).where(eq(stages.raceId, raceId)).orderBy(asc(stages.number));
  }

  /**
   * Moves a stage from `from` to `to` (with its start or finish instant) and sets the race's status
   * `deriveRace` gives from every stage's status after the move, in one transaction. Null when the
   * stage was no longer `from` (someone else moved it meanwhile): nothing changed.
   */
  async moveStage(
    stageId: string,
    from: StageStatus,
    to: StageStatus,
    instants: { startedAt?: number; finishedAt?: number },
    deriveRace: (race: RaceStatus, stages: StageStatus[]) => RaceStatus,
  ): Promise<{ stage: StageRow; race: RaceRow } | null> {
    return this.db.transaction(async (tx) => {
      const [stage] = await tx
        .update(stages)
        .set({ status: to, ...instants })
        .where(and(eq(stages.id, stageId), eq(stages.status, from)))
        .returning();
      if (!stage) return null;
      const [race] = await tx.select().from(races).where(eq(races.id, stage.raceId)).for('update');
      const all = await tx.select({ status: stages.status }).from(stages).where(eq(stages.raceId, race!.id));
      const status = deriveRace(
        race!.status as RaceStatus,
        all.map((s) => s.status as StageStatus),
      );
      if (status === race!.status) return { stage, race: race! };
      const now = new Date();
      const [moved] = await tx
        .update(races)
        .set({ status, statusChangedAt: now, updatedAt: now })
        .where(eq(races.id, race!.id))
        .returning();
      return { stage, race: moved! };
    });
  }

  /** Records who approved the stage's results (once; approving again keeps the first approval). */
  async approve(stageId: string, by: string): Promise<void> {
    await this.decisions.approve(stageId, by);
  }

  /**
   * Cancels every stage of the race that has not finished (a running one with its finish instant);
   * returns the ones that were running, which the processor must stop.
   */
  async cancelStages(raceId: string, at: number): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const running = await tx
        .update(stages)
        .set({ status: 'cancelled', finishedAt: at })
        .where(and(eq(stages.raceId, raceId), inArray(stages.status, [...RUNNING_STAGE_STATUSES])))
        .returning({ id: stages.id });
      await tx
        .update(stages)
        .set({ status: 'cancelled' })
        .where(and(eq(stages.raceId, raceId), eq(stages.status, 'scheduled')));
      return running.map((r) => r.id);
    });
  }

  async insertAnnouncement(values: typeof announcements.$inferInsert): Promise<AnnouncementRow> {
    const [row] = await this.db.insert(announcements).values(values).returning();
    return row!;
  }
}

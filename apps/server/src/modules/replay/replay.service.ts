import type { StageTracks } from '@echelon/contracts';
import { ridersOut } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { conflict, notFound } from '../../http/problem.ts';
import { LiveRepository, type StageContext } from '../../live/live.repository.ts';
import type { Actor } from '../auth/actor.ts';
import { canViewRace } from '../races/race-policy.ts';
import type { ResultsStore } from '../results/results-store.ts';
import { ReplayRepository } from './replay.repository.ts';
import { type ReplayOptions, replayStage, type StageReplay } from './stage-replay.ts';
import { coarsen, stageTracksOf } from './stage-tracks.ts';

/** A stage that can be replayed: it started, and has a course to place riders on. */
export type ReplayableStage = StageContext & {
  stage: StageContext['stage'] & { startedAt: number };
  course: NonNullable<StageContext['course']>;
};

const replayable = (context: StageContext): context is ReplayableStage =>
  context.stage.startedAt !== null && context.course !== null;

/** Stages ridden again from their stored fixes: tracks for the map, crossings for splits and statistics. */
export class ReplayService {
  private readonly live: LiveRepository;
  private readonly repo: ReplayRepository;
  private readonly store: ResultsStore;

  constructor(db: Db, store: ResultsStore) {
    this.live = new LiveRepository(db);
    this.repo = new ReplayRepository(db);
    this.store = store;
  }

  /** Everything about a stage the caller may see; 404 otherwise, as for the race itself. */
  async visibleStage(actor: Actor | null, stageId: string): Promise<StageContext> {
    const context = await this.live.loadStage(stageId);
    if (!context || !canViewRace(actor, context.race)) throw notFound('No such stage');
    return context;
  }

  /**
   * Replays a stage for some or all of its riders; null when it never started or has no course. The
   * caller has checked the stage may be seen.
   */
  async replay(context: StageContext, options: ReplayOptions): Promise<StageReplay | null> {
    if (!replayable(context)) return null;
    const ids = options.riderIds ? [...options.riderIds] : context.riders.map((r) => r.id);
    const fixes = await this.repo.fixesBetween(ids, context.stage.startedAt, context.stage.finishedAt);
    return replayStage(context, fixes, options);
  }

  /**
   * The stage's tracks: every rider's from the summary stored with the results (as its JSON, sent as
   * is, when its step is at least as fine as asked; thinned otherwise), or one rider's replayed at the
   * step asked from that rider's fixes alone.
   */
  async stageTracks(
    actor: Actor | null,
    stageId: string,
    query: { step: number; registrationId?: string | undefined },
  ): Promise<StageTracks | { serialised: string }> {
    const context = await this.visibleStage(actor, stageId);
    if (!replayable(context)) {
      throw conflict(
        context.course === null
          ? 'The stage has no course, so its riders cannot be placed on it'
          : 'The stage has not started yet: there is nothing to replay',
      );
    }
    const only = query.registrationId;
    if (only !== undefined) {
      if (!context.riders.some((r) => r.id === only)) throw notFound('No such rider in this stage’s race');
      const replay = (await this.replay(context, { stepMs: query.step * 1000, riderIds: new Set([only]) }))!;
      // The same fold the live state applies: the replay shows a rider out from the decision on.
      return stageTracksOf(context, replay, ridersOut(context.riderOutDecisions), query.step);
    }
    const summary = await this.store.trackSummary(context.stage);
    if (!summary) throw conflict('The stage has not started yet: there is nothing to replay');
    if (query.step <= summary.step) return { serialised: summary.body };
    return coarsen(JSON.parse(summary.body) as StageTracks, query.step);
  }
}

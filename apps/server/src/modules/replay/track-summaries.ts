import type { StageTracks } from '@echelon/contracts';
import { ridersOut } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { LiveRepository, type StageContext } from '../../live/live.repository.ts';
import { ReplayRepository } from './replay.repository.ts';
import { StageReplayer } from './stage-replay.ts';
import { stageTracksOf } from './stage-tracks.ts';
import { TrackSummariesRepository } from './track-summaries.repository.ts';

/** The finest summary step (the replay page asks for 5 s). */
export const MIN_SUMMARY_STEP_S = 5;
const MAX_SUMMARY_STEP_S = 120;
/**
 * Samples a summary may hold across all riders (~20 bytes each on the wire): a 300-rider, 4-hour stage
 * keeps one every 20 s, a 2,000-rider one every 120 s; one rider at full resolution is asked for alone.
 */
const SAMPLE_BUDGET = 250_000;

/** The summary's step: as fine as the budget allows for this many riders over this long, in 5 s steps. */
export function summaryStep(riders: number, durationMs: number): number {
  const perSample = (Math.max(1, riders) * Math.max(0, durationMs)) / 1000 / SAMPLE_BUDGET;
  const step = Math.ceil(perSample / MIN_SUMMARY_STEP_S) * MIN_SUMMARY_STEP_S;
  return Math.min(MAX_SUMMARY_STEP_S, Math.max(MIN_SUMMARY_STEP_S, step));
}

export type SummarisedStage = StageContext & {
  stage: StageContext['stage'] & { startedAt: number };
  course: NonNullable<StageContext['course']>;
};

export const summarisable = (context: StageContext): context is SummarisedStage =>
  context.stage.startedAt !== null && context.course !== null;

/**
 * A stage's replay made once, when its results are stored (ResultsStore calls `store`), and read as
 * stored: the stage's fixes are replayed here and nowhere on a read.
 */
export class TrackSummaries {
  private readonly live: LiveRepository;
  private readonly fixes: ReplayRepository;
  private readonly repo: TrackSummariesRepository;

  constructor(db: Db) {
    this.live = new LiveRepository(db);
    this.fixes = new ReplayRepository(db);
    this.repo = new TrackSummariesRepository(db);
  }

  /**
   * Replays the stage's fixes once at the summary's step, a slice of time at a time, and stores the
   * tracks; none when unreplayable.
   */
  async store(stageId: string): Promise<{ step: number; body: string } | null> {
    const context = await this.live.loadStage(stageId);
    if (!context || !summarisable(context)) {
      await this.repo.remove(stageId);
      return null;
    }
    const ids = context.riders.map((r) => r.id);
    const start = context.stage.startedAt;
    const end = context.stage.finishedAt ?? (await this.fixes.latestFix(ids, start)) ?? start;
    const step = summaryStep(ids.length, end - start);
    // Slice by slice: memory holds one slice of fixes and the summary's samples, never the stage's fixes.
    const replayer = new StageReplayer(context, { stepMs: step * 1000 });
    for await (const slice of this.fixes.slicesBetween(ids, start, context.stage.finishedAt)) {
      replayer.feed(slice);
    }
    const replay = replayer.finish();
    const tracks: StageTracks = stageTracksOf(context, replay, ridersOut(context.riderOutDecisions), step);
    const body = JSON.stringify(tracks);
    await this.repo.replace(stageId, step, body);
    return { step, body };
  }

  /** The stored summary (its step and the JSON the route sends); null when none was made yet. */
  stored(stageId: string) {
    return this.repo.ofStage(stageId);
  }
}

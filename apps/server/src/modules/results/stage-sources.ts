import type { Db } from '../../db/client.ts';
import { LiveRepository } from '../../live/live.repository.ts';
import type { Mark, RowExtra } from './computed-result.ts';
import type { DecisionRow } from './decisions.repository.ts';
import { formatResults, gcTimesAtPoint } from './format-results.ts';
import { type RecordedEvidence, recordedEvidence } from './result-evidence.ts';
import { type RegistrationRow, ResultsRepository, type StageRow } from './results.repository.ts';
import { StageProgress, timeable } from './stage-progress.ts';
import { timingOf } from './stage-timing.ts';
import type { EvidenceWindow } from './stage-window.ts';
import { StartTimesRepository } from './start-times.repository.ts';

type StoredRow = Awaited<ReturnType<ResultsRepository['resultsOfStage']>>[number];

/**
 * A rider's stage result from its source, before any result decision: what the format adds to the line,
 * and the time the GC counts when the commissaires took GC times before the finish.
 */
export type Stored = StoredRow & { extra?: RowExtra; gcTimeAtPoint?: number; marks?: Mark[] };

/** A stage's results from their source, with what each was computed from (rider id → evidence). */
export interface SourcedStage {
  rows: Stored[];
  evidence: Map<string, RecordedEvidence>;
  /** Saves the riders' GPS progress these results were read with (stage-progress.ts), once they are stored. */
  saveProgress?: () => Promise<void>;
}

/**
 * Where a stage's results come from: an official file imported for it, else what was recorded — the
 * riders' fixes inside the stage's evidence window, with a timing system's passings overriding GPS at
 * their points — scored by the rules of the stage's format. Only the results store calls this: every
 * read serves what it stored.
 */
export class StageSources {
  private readonly results: ResultsRepository;
  private readonly live: LiveRepository;
  private readonly progress: StageProgress;
  private readonly starts: StartTimesRepository;

  /** `progress`: the results store's own (it shares the fixes its background passes heard). */
  constructor(db: Db, progress: StageProgress = new StageProgress(db)) {
    this.results = new ResultsRepository(db);
    this.live = new LiveRepository(db);
    this.progress = progress;
    this.starts = new StartTimesRepository(db);
  }

  async load(
    stage: StageRow,
    window: EvidenceWindow | null,
    decisions: readonly DecisionRow[],
    options: { fromScratch?: boolean } = {},
  ): Promise<SourcedStage> {
    const imported = await this.results.resultsOfStage(stage.id);
    if (imported.length > 0) {
      const evidence = new Map(
        imported.map((j) => [j.rider.id, { source: 'import' as const, fixesInWindow: 0, crossings: [] }]),
      );
      return { rows: imported, evidence };
    }
    if (window === null) return { rows: [], evidence: new Map() };
    return this.recorded(stage, window, decisions, options.fromScratch ?? false);
  }

  /**
   * The riders' GPS timing is taken from their progress kept while the stage ran (stage-progress.ts):
   * only the fixes since its last pass are read here, unless `fromScratch` (then all of them).
   */
  private async recorded(
    stage: StageRow,
    window: EvidenceWindow,
    decisions: readonly DecisionRow[],
    fromScratch: boolean,
  ): Promise<SourcedStage> {
    const none: SourcedStage = { rows: [], evidence: new Map() };
    const context = await this.live.loadStage(stage.id);
    if (!context || !timeable(context)) return none;
    const passings = await this.results.passingsOfStage(stage.id);
    const { replayed, gps, save } = await this.progress.advance(context, window, { fromScratch });
    const timing = timingOf(context, replayed, gps, passings);
    const starts = await this.starts.startsOfStage(stage.id);
    const gcTimes = gcTimesAtPoint(context, timing, starts, decisions);
    const riders = new Map<string, RegistrationRow>(context.riders.map((r) => [r.id, r]));
    const finish = context.checkpoints.find((c) => c.kind === 'finish');
    const evidence = new Map<string, RecordedEvidence>();
    const rows = formatResults(context, timing, starts, decisions).map((r): Stored => {
      const finishTimed = Boolean(finish && timing.timed.get(r.registrationId)?.has(finish.id));
      evidence.set(
        r.registrationId,
        recordedEvidence(context, timing, r.registrationId, passings, finishTimed),
      );
      return {
        rider: riders.get(r.registrationId)!,
        result: {
          stageId: stage.id,
          registrationId: r.registrationId,
          time: r.time,
          bonus: r.bonus,
          penalty: r.penalty,
          status: r.status,
          points: r.points,
          mountainPoints: r.mountains,
          position: r.position,
          source: finishTimed ? 'timing' : 'gps',
          importedAt: new Date(),
        },
        ...(r.extra && { extra: r.extra }),
        ...(r.marks && { marks: r.marks }),
        ...(gcTimes.has(r.registrationId) && { gcTimeAtPoint: gcTimes.get(r.registrationId)! }),
      };
    });
    return { rows, evidence, saveProgress: save };
  }
}

import type { Db } from '../../db/client.ts';
import { LiveRepository } from '../../live/live.repository.ts';
import { PRE_START_MS } from '../../live/live-course.ts';
import { IngestRepository } from '../ingest/ingest.repository.ts';
import type { Mark, RowExtra } from './computed-result.ts';
import { DecisionsRepository } from './decisions.repository.ts';
import { formatResults, gcTimesAtPoint } from './format-results.ts';
import { type RegistrationRow, ResultsRepository, type StageRow } from './results.repository.ts';
import { stageTiming } from './stage-timing.ts';
import { StartTimesRepository } from './start-times.repository.ts';

type StoredRow = Awaited<ReturnType<ResultsRepository['resultsOfStage']>>[number];

/**
 * A rider's stage result from its source, before any result decision: what the format adds to the line,
 * and the time the GC counts when the commissaires took GC times before the finish.
 */
export type Stored = StoredRow & { extra?: RowExtra; gcTimeAtPoint?: number; marks?: Mark[] };

/**
 * Where a stage's results come from: an official file imported for it, else what was recorded — the
 * riders' fixes, with a timing system's passings overriding GPS at their points — scored by the rules
 * of the stage's format.
 */
export class StageSources {
  private readonly results: ResultsRepository;
  private readonly live: LiveRepository;
  private readonly fixes: IngestRepository;
  private readonly decisions: DecisionsRepository;
  private readonly starts: StartTimesRepository;

  constructor(db: Db) {
    this.results = new ResultsRepository(db);
    this.live = new LiveRepository(db);
    this.fixes = new IngestRepository(db);
    this.decisions = new DecisionsRepository(db);
    this.starts = new StartTimesRepository(db);
  }

  async rows(stages: readonly StageRow[]): Promise<Stored[]> {
    const stored = await this.results.resultsOfStages(stages.map((s) => s.id));
    const out: Stored[] = [...stored];
    for (const stage of stages) {
      if (stage.startedAt === null || stored.some((j) => j.result.stageId === stage.id)) continue;
      out.push(...(await this.recorded(stage)));
    }
    return out;
  }

  private async recorded(stage: StageRow): Promise<Stored[]> {
    const context = await this.live.loadStage(stage.id);
    if (!context?.course) return [];
    const passings = await this.results.passingsOfStage(stage.id);
    const fixes = await this.fixes.fixesSince(
      context.riders.map((r) => r.id),
      stage.startedAt! - PRE_START_MS,
    );
    const timing = stageTiming(context, fixes, passings);
    if (!timing) return [];
    const starts = await this.starts.startsOfStage(stage.id);
    const decisions = (await this.decisions.listOfStage(stage.id)).map((d) => d.decision);
    const gcTimes = gcTimesAtPoint(context, timing, starts, decisions);
    const riders = new Map<string, RegistrationRow>(context.riders.map((r) => [r.id, r]));
    const finish = context.checkpoints.find((c) => c.kind === 'finish');
    return formatResults(context, timing, starts, decisions).map((r) => ({
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
        source: finish && timing.timed.get(r.registrationId)?.has(finish.id) ? 'timing' : 'gps',
        importedAt: new Date(),
      },
      ...(r.extra && { extra: r.extra }),
      ...(r.marks && { marks: r.marks }),
      ...(gcTimes.has(r.registrationId) && { gcTimeAtPoint: gcTimes.get(r.registrationId)! }),
    }));
  }
}

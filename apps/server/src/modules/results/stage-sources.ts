import type { Db } from '../../db/client.ts';
import { LiveRepository } from '../../live/live.repository.ts';
import { PRE_START_MS } from '../../live/live-course.ts';
import { IngestRepository } from '../ingest/ingest.repository.ts';
import { computeStageResults } from './computed-results.ts';
import { type RegistrationRow, ResultsRepository, type StageRow } from './results.repository.ts';

export type Stored = Awaited<ReturnType<ResultsRepository['resultsOfStage']>>[number];

/**
 * Where a stage's results come from: an official file imported for it, else what was recorded — the
 * riders' fixes, with a timing system's passings overriding GPS at the finish.
 */
export class StageSources {
  private readonly results: ResultsRepository;
  private readonly live: LiveRepository;
  private readonly fixes: IngestRepository;

  constructor(db: Db) {
    this.results = new ResultsRepository(db);
    this.live = new LiveRepository(db);
    this.fixes = new IngestRepository(db);
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
    const finish = context.checkpoints.find((c) => c.kind === 'finish');
    const passings = new Map(
      (await this.results.passingsOfStage(stage.id))
        .filter((p) => p.checkpointId === finish?.id)
        .map((p) => [p.registrationId, p.time]),
    );
    const fixes = await this.fixes.fixesSince(
      context.riders.map((r) => r.id),
      stage.startedAt! - PRE_START_MS,
    );
    const riders = new Map<string, RegistrationRow>(context.riders.map((r) => [r.id, r]));
    return computeStageResults(context, fixes, passings).map((r) => ({
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
        source: passings.has(r.registrationId) ? 'timing' : 'gps',
        importedAt: new Date(),
      },
    }));
  }
}

import { conflict, notFound } from '../http/problem.ts';
import type { Bus } from './bus.ts';
import type { LiveRepository, StageRow } from './live.repository.ts';

/**
 * What a race status change means for the stages: going live starts a stage's clock (at the time the
 * flag dropped), finishing stops it; the processor hears of it on the bus.
 */
export class RaceControl {
  private readonly repo: LiveRepository;
  private readonly bus: Bus;
  /** Computes and stores a finished stage's results (`ResultsStore.recompute`). */
  private readonly results: { recompute(stageId: string, reason: string): Promise<void> } | null;

  constructor(
    repo: LiveRepository,
    bus: Bus,
    results: { recompute(stageId: string, reason: string): Promise<void> } | null = null,
  ) {
    this.repo = repo;
    this.bus = bus;
    this.results = results;
  }

  /** The stage a status change is about; checked before the status moves so a refusal changes nothing. */
  async stageFor(raceId: string, to: string, stageId: string | undefined): Promise<StageRow | null> {
    const stages = await this.repo.stagesOfRace(raceId);
    if (stageId) {
      const stage = stages.find((s) => s.id === stageId);
      if (!stage) throw notFound('No such stage in this race');
      return stage;
    }
    const running = stages.find((s) => s.startedAt !== null && s.finishedAt === null);
    if (running) return running;
    if (to !== 'live' || stages.length === 0) return null;
    const next = stages.find((s) => s.finishedAt === null);
    if (!next) throw conflict('Every stage of this race has finished; add a stage first');
    return next;
  }

  async assertCanStart(stage: StageRow | null): Promise<void> {
    if (!stage) throw conflict('The race has no stage to start; add one first');
    const context = await this.repo.loadStage(stage.id);
    if (!context?.course)
      throw conflict(`Stage ${stage.number} has no course; upload one before starting it`);
  }

  async applied(raceId: string, to: string, stage: StageRow | null, at: number): Promise<void> {
    if (stage && to === 'live') await this.repo.markStarted(stage.id, at);
    if (stage && (to === 'finished' || to === 'official')) await this.repo.markFinished(stage.id, at);
    // Off the request path: if it fails nothing is stored, and the first read computes the results.
    if (stage && to === 'finished') void this.results?.recompute(stage.id, 'stage finished').catch(() => {});
    this.bus.publishControl({ type: 'status', raceId, stageId: stage?.id ?? null, status: to, at });
  }
}

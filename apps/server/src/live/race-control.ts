import {
  checkStageTransition,
  isRunningStage,
  type RaceStatus,
  raceStatusFromStages,
  type StageStatus,
  stageOfTheDay,
} from '@echelon/domain';
import { conflict, notFound } from '../http/problem.ts';
import type { Bus } from './bus.ts';
import type { LiveRepository, RaceRow, StageRow } from './live.repository.ts';

/** Heard once a stage's line has closed: where its provisional results get computed and stored. */
export type StageFinishedHook = (stage: { stageId: string; raceId: string; at: number }) => Promise<void>;

/**
 * Race control runs the stage of the day: each stage moves through the domain's stage status machine
 * (start, neutralise, resume, finish, cancel, annul; official through approval) with its own start and
 * finish instants, the race's status follows its stages (`raceStatusFromStages`), and the processor
 * hears each move on the bus as a `status` control event carrying the stage's new status.
 */
export class RaceControl {
  private readonly repo: LiveRepository;
  private readonly bus: Bus;
  private finishedHooks: StageFinishedHook[] = [];

  constructor(repo: LiveRepository, bus: Bus) {
    this.repo = repo;
    this.bus = bus;
  }

  /**
   * The one place to hang "stage finished → compute and store its results": called after the stage
   * is stored as finished and the processor has heard so, with the instant race control closed it.
   */
  onStageFinished(hook: StageFinishedHook): void {
    this.finishedHooks.push(hook);
  }

  async stagesOf(raceId: string): Promise<StageRow[]> {
    return this.repo.stagesOfRace(raceId);
  }

  /**
   * The stage a race-level request acts on: the one named, else the stage of the day (the running one,
   * else the next scheduled). Null when the race has no stage left to run.
   */
  async stageFor(raceId: string, stageId: string | undefined): Promise<StageRow | null> {
    const stages = await this.repo.stagesOfRace(raceId);
    if (stageId) {
      const stage = stages.find((s) => s.id === stageId);
      if (!stage) throw notFound('No such stage in this race');
      return stage;
    }
    return stageOfTheDay(stages.map((s) => ({ ...s, status: s.status as StageStatus }))) ?? null;
  }

  /**
   * Moves one stage to `to` at `at`: refused (409, nothing changed) when the stage machine or the race
   * does not allow it; the race's status follows. Returns the stage and race as they now are.
   */
  async move(
    race: RaceRow,
    stage: StageRow,
    to: StageStatus,
    at: number,
    options: { hooks?: boolean } = {},
  ): Promise<{ stage: StageRow; race: RaceRow; from: StageStatus }> {
    const from = stage.status as StageStatus;
    const label = `Stage ${stage.number}`;
    const check = checkStageTransition(from, to, label);
    if (!check.ok) throw conflict(check.reason);
    if (race.status === 'draft' && to !== 'official')
      throw conflict('The race is a draft; publish it before race control runs its stages');
    if (race.status === 'cancelled') throw conflict('The race is cancelled');
    if (to === 'live' && from === 'scheduled') await this.assertCanStart(stage);
    const instants = {
      ...(to === 'live' && from === 'scheduled' && { startedAt: at }),
      ...(isRunningStage(from) && !isRunningStage(to) && { finishedAt: at }),
    };
    const moved = await this.repo.moveStage(stage.id, from, to, instants, raceStatusFromStages);
    if (!moved) throw conflict(`${label}'s status changed meanwhile; reload and try again`);
    this.bus.publishControl({ type: 'status', raceId: race.id, stageId: stage.id, status: to, at });
    if (to === 'finished' && options.hooks !== false) {
      for (const hook of this.finishedHooks) await hook({ stageId: stage.id, raceId: race.id, at });
    }
    return { ...moved, from };
  }

  /**
   * Approves a stage's results: the approval is recorded (with who gave it) and the stage becomes
   * official — from finished, or from scheduled for a stage timed elsewhere (imported results). A stage
   * still running is finished first; a cancelled or annulled one has no results to approve.
   */
  async approve(race: RaceRow, stage: StageRow, by: string, at: number) {
    const status = stage.status as StageStatus;
    if (isRunningStage(status))
      throw conflict(`Stage ${stage.number} is ${status}; finish it before approving its results`);
    if (status === 'cancelled' || status === 'annulled')
      throw conflict(`Stage ${stage.number} was ${status}; it has no results to approve`);
    await this.repo.approve(stage.id, by);
    if (status === 'official') return { stage, race, from: status };
    return this.move(race, stage, 'official', at);
  }

  /**
   * Official results reopened (the caller audits it and recomputes them): the stage is finished again,
   * its results provisional, and the race no longer official. The finish hooks are not heard, since the
   * caller computes the results itself for the reason it was given.
   */
  async reopen(race: RaceRow, stage: StageRow, at: number) {
    if (stage.status !== 'official') return { stage, race, from: stage.status as StageStatus };
    return this.move(race, stage, 'finished', at, { hooks: false });
  }

  /**
   * The race was cancelled: every stage not yet run or still running is cancelled with it (finished
   * ones keep their status), and the processor stops the running one.
   */
  async cancelStages(raceId: string, at: number): Promise<void> {
    for (const stageId of await this.repo.cancelStages(raceId, at)) {
      this.bus.publishControl({ type: 'status', raceId, stageId, status: 'cancelled', at });
    }
  }

  /** A stage starts only with a course, and while no other stage of its race runs. */
  private async assertCanStart(stage: StageRow): Promise<void> {
    const running = (await this.repo.stagesOfRace(stage.raceId)).find(
      (s) => s.id !== stage.id && isRunningStage(s.status as StageStatus),
    );
    if (running)
      throw conflict(
        `Stage ${running.number} is ${running.status}; finish it before starting stage ${stage.number}`,
      );
    const context = await this.repo.loadStage(stage.id);
    if (!context?.course)
      throw conflict(`Stage ${stage.number} has no course; upload one before starting it`);
  }

  /**
   * What a race-level status request means for its stages (the contract of `setRaceStatus`, kept for
   * one-stage races and older clients): live, neutralised and finished act on the named stage or the
   * stage of the day; official makes every finished stage official (approving its results).
   */
  static stageMoveFor(to: RaceStatus): StageStatus | null {
    if (to === 'live' || to === 'neutralised' || to === 'finished' || to === 'official') return to;
    return null;
  }
}

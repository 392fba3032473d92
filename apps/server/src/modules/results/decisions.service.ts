import type { CreateDecisionBody, DecisionKind, WithdrawalBody } from '@echelon/contracts';
import { riderOutEffect, ridersOut } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { conflict, notFound, unprocessable } from '../../http/problem.ts';
import { LiveRepository } from '../../live/live.repository.ts';
import type { RaceControl } from '../../live/race-control.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import { RegistrationsRepository } from '../registrations/registrations.repository.ts';
import { type DecisionRow, DecisionsRepository } from './decisions.repository.ts';
import { ResultsRepository, type StageRow } from './results.repository.ts';
import { ResultsStore } from './results-store.ts';
import { stageRow } from './stage-row.ts';

function present(row: DecisionRow, bib: number | null, author: string | null) {
  return {
    id: row.id,
    stageId: row.stageId,
    registrationId: row.registrationId,
    bib,
    kind: row.kind as DecisionKind,
    seconds: row.seconds,
    status: row.status,
    place: row.place,
    checkpointId: row.checkpointId,
    distanceToGo: row.distance,
    laps: row.laps,
    sameGroupAs: row.sameGroupAs,
    reason: row.reason,
    author,
    at: row.at.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * The results desk: commissaires' decisions (each an audited record with its author, time and reason)
 * and the approval that makes a stage's results official. Results are recomputed from these records.
 */
export class DecisionsService {
  private readonly repo: DecisionsRepository;
  private readonly results: ResultsRepository;
  private readonly store: ResultsStore;
  private readonly live: LiveRepository;
  private readonly registrations: RegistrationsRepository;
  private readonly races: RacesService;
  private readonly control: RaceControl;
  private readonly audit: AuditService;
  private readonly notify: (event: { stageId: string; registrationId: string; out: boolean }) => void;

  /** `notify` hears when a decision takes a rider out of the race or puts them back, for the live feed. */
  constructor(
    db: Db,
    races: RacesService,
    control: RaceControl,
    audit: AuditService,
    notify: (event: { stageId: string; registrationId: string; out: boolean }) => void = () => {},
    store: ResultsStore = new ResultsStore(db, audit),
  ) {
    this.notify = notify;
    this.repo = new DecisionsRepository(db);
    this.results = new ResultsRepository(db);
    this.store = store;
    this.live = new LiveRepository(db);
    this.registrations = new RegistrationsRepository(db);
    this.races = races;
    this.control = control;
    this.audit = audit;
  }

  /** A stage whose results may still change: officiated by the caller and not yet official. */
  private async open(actor: Actor, stageId: string): Promise<StageRow> {
    const stage = await stageRow(this.results, stageId);
    await this.races.officiated(actor, stage.raceId);
    if (await this.repo.approval(stageId))
      throw conflict('The stage’s results are official; they can no longer change');
    return stage;
  }

  async create(actor: Actor, stageId: string, body: CreateDecisionBody) {
    const stage = await this.open(actor, stageId);
    const riders = await this.results.ridersOfRace(stage.raceId);
    const rider = 'registrationId' in body ? riders.find((r) => r.id === body.registrationId) : undefined;
    if ('registrationId' in body && !rider) throw notFound('No such rider in this race');
    if (body.kind === 'final_km_incident' && !riders.some((r) => r.bib === body.sameGroupAs)) {
      throw unprocessable(
        `No rider with bib ${body.sameGroupAs} in this race to take the group’s time from`,
        [{ pointer: '/sameGroupAs', detail: 'not a bib of this race' }],
      );
    }
    if (body.kind === 'gc_time_point') {
      const context = await this.live.loadStage(stageId);
      if (!context?.checkpoints.some((c) => c.id === body.checkpointId)) {
        throw unprocessable('The checkpoint is not a timing point of this stage', [
          { pointer: '/checkpointId', detail: 'not a checkpoint of this stage' },
        ]);
      }
    }
    const row = await this.repo.insert({
      stageId,
      registrationId: rider?.id ?? null,
      kind: body.kind,
      seconds: 'seconds' in body ? body.seconds : null,
      status: 'status' in body ? body.status : null,
      place: 'place' in body ? body.place : null,
      checkpointId: 'checkpointId' in body ? body.checkpointId : null,
      distance: 'distanceToGo' in body ? body.distanceToGo : null,
      laps: 'laps' in body ? body.laps : null,
      sameGroupAs: 'sameGroupAs' in body ? body.sameGroupAs : null,
      reason: body.reason,
      authorId: actor.id,
    });
    const effect = riderOutEffect(row);
    if (effect !== null && row.registrationId !== null) {
      this.notify({ stageId, registrationId: row.registrationId, out: effect === 'out' });
    }
    await this.audit.record(
      actor,
      `decision.${body.kind}`,
      { type: 'stage', id: stageId },
      {
        decisionId: row.id,
        bib: rider?.bib ?? null,
        reason: body.reason,
      },
    );
    return present(row, rider?.bib ?? null, actor.name);
  }

  async list(actor: Actor | null, stageId: string) {
    const stage = await stageRow(this.results, stageId);
    await this.races.visible(actor, stage.raceId);
    return (await this.repo.listOfStage(stageId)).map((d) => present(d.decision, d.bib, d.author));
  }

  async revoke(actor: Actor, decisionId: string): Promise<void> {
    const decision = await this.repo.find(decisionId);
    if (!decision) throw notFound('No such decision');
    await this.open(actor, decision.stageId);
    await this.repo.revoke(decisionId, actor.id);
    if (riderOutEffect(decision) !== null && decision.registrationId !== null) {
      await this.notifyRiderOut(decision.stageId, decision.registrationId);
    }
    await this.audit.record(
      actor,
      'decision.revoke',
      { type: 'stage', id: decision.stageId },
      { decisionId },
    );
  }

  /**
   * Tells the live feed whether a rider is out of the race after their decisions changed, from all
   * that still stand: revoking a DNF puts them back, revoking a reinstatement takes them out again.
   */
  private async notifyRiderOut(stageId: string, registrationId: string): Promise<void> {
    const out = ridersOut(await this.repo.riderOutDecisions(stageId, registrationId)).has(registrationId);
    this.notify({ stageId, registrationId, out });
  }

  /** Approval freezes the stage's stored results (fresh from every evidence first): they are official. */
  async approve(actor: Actor, stageId: string) {
    const stage = await this.open(actor, stageId);
    const stored = (await this.store.fresh([stage])).get(stageId);
    if (!stored || stored.rowCount === 0) throw conflict('The stage has no results to approve');
    // Approval makes the stage official (and the race, once every stage is): race control's one path.
    const race = await this.races.officiated(actor, stage.raceId);
    await this.control.approve(race, stage, actor.id, Date.now());
    await this.audit.record(actor, 'results.approve', { type: 'stage', id: stageId }, {});
    await this.store.reclassify(stage.raceId, stage.number);
    return { state: 'official' as const };
  }

  /**
   * Reopens official results, for a reason that is audited: they are provisional again and computed
   * at once from the evidence as it now stands (late fixes, start-list edits), and again on new evidence.
   */
  async reopen(actor: Actor, stageId: string, reason: string) {
    const stage = await stageRow(this.results, stageId);
    const race = await this.races.officiated(actor, stage.raceId);
    if (!(await this.repo.approval(stageId))) throw conflict('The stage’s results are not official');
    await this.repo.unapprove(stageId);
    await this.control.reopen(race, stage, Date.now());
    await this.audit.record(actor, 'results.reopen', { type: 'stage', id: stageId }, { reason });
    await this.store.recompute(stageId, `reopened: ${reason}`, actor.id);
    return { state: 'provisional' as const };
  }

  /**
   * Withdraws a rider (DNS or DNF) from a stage: the status decision the desk would record, on the stage
   * named, else on the latest stage that has started (the stage of the day), else on the first stage.
   * The rider stays on the start list with everything recorded of them.
   */
  async withdraw(actor: Actor, registrationId: string, body: WithdrawalBody) {
    const rider = await this.registrations.findById(registrationId);
    if (!rider) throw notFound('No such registration');
    // Authorised before anything about the race's stages is told.
    await this.races.officiated(actor, rider.raceId);
    const stages = (await this.results.stagesOfRace(rider.raceId)).filter((s) => s.number >= 0);
    const stage = body.stageId
      ? stages.find((s) => s.id === body.stageId)
      : (stages.filter((s) => s.startedAt !== null).at(-1) ?? stages[0]);
    if (!stage) {
      throw body.stageId
        ? unprocessable('The stage is not a stage of the rider’s race', [
            { pointer: '/stageId', detail: 'not a stage of this race' },
          ])
        : conflict('The race has no stage to withdraw the rider from; take them off the start list instead');
    }
    return this.create(actor, stage.id, {
      kind: 'status',
      registrationId,
      status: body.status,
      reason: body.reason,
    });
  }

  async state(stageId: string): Promise<'provisional' | 'official'> {
    return (await this.repo.approval(stageId)) ? 'official' : 'provisional';
  }
}

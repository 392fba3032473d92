import type { Db } from '../../db/client.ts';
import { conflict, notFound, type ProblemItem, unprocessable } from '../../http/problem.ts';
import { LiveRepository } from '../../live/live.repository.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import { DecisionsRepository } from './decisions.repository.ts';
import { parsePassings } from './passings.ts';
import { ResultsRepository } from './results.repository.ts';

/** Passings from a timing system (mats, transponders): they override GPS crossings at their point. */
export class PassingsService {
  private readonly repo: ResultsRepository;
  private readonly live: LiveRepository;
  private readonly decisions: DecisionsRepository;
  private readonly races: RacesService;
  private readonly audit: AuditService;

  constructor(db: Db, races: RacesService, audit: AuditService) {
    this.repo = new ResultsRepository(db);
    this.live = new LiveRepository(db);
    this.decisions = new DecisionsRepository(db);
    this.races = races;
    this.audit = audit;
  }

  async importPassings(actor: Actor, stageId: string, body: unknown) {
    const context = await this.live.loadStage(stageId);
    if (!context) throw notFound('No such stage');
    await this.races.managed(actor, context.race.id);
    if (await this.decisions.approval(stageId))
      throw conflict('The stage’s results are official; they can no longer change');
    const parsed = parsePassings(body);
    if (!parsed.ok) throw unprocessable(parsed.detail, parsed.errors);
    const byBib = new Map(context.riders.map((r) => [r.bib, r]));
    const pointOf = (point: string) =>
      context.checkpoints.find((c) => c.id === point) ??
      context.checkpoints.find((c) => c.name.toLowerCase() === point.toLowerCase()) ??
      context.checkpoints.find(
        (c) => c.kind === point.toLowerCase() && (c.kind === 'finish' || c.kind === 'start'),
      );
    const errors: ProblemItem[] = [];
    const rows = [];
    for (const p of parsed.passings) {
      const rider = byBib.get(p.bib);
      const checkpoint = pointOf(p.point);
      if (!rider) errors.push({ line: p.line, detail: `no rider with bib ${p.bib} in this race` });
      else if (!checkpoint)
        errors.push({ line: p.line, detail: `no timing point "${p.point}" on this stage` });
      else rows.push({ stageId, registrationId: rider.id, checkpointId: checkpoint.id, time: p.time });
    }
    if (errors.length > 0)
      throw unprocessable(`${errors.length} passing(s) cannot be matched; nothing was imported`, errors);
    await this.repo.storePassings(rows);
    await this.audit.record(
      actor,
      'passings.import',
      { type: 'stage', id: stageId },
      { passings: rows.length },
    );
    return { imported: rows.length };
  }
}

import type { GenerateStartTimesBody, SetStartTimesBody } from '@echelon/contracts';
import { scoring } from '@echelon/domain';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { conflict, type ProblemItem, unprocessable } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import { DecisionsRepository } from './decisions.repository.ts';
import { type RegistrationRow, ResultsRepository, type StageRow } from './results.repository.ts';
import { ResultsService } from './results.service.ts';
import { stageRow } from './stage-row.ts';
import { StartTimesRepository } from './start-times.repository.ts';

const TIME_TRIALS = new Set(['individual_time_trial', 'team_time_trial']);

/**
 * Start lists of stages with individual starts: time trials (times run from the scheduled start) and
 * audaxes. Set as a whole, or generated for a time trial in reverse GC order (rules §3).
 */
export class StartTimesService {
  private readonly repo: StartTimesRepository;
  private readonly results: ResultsRepository;
  private readonly decisions: DecisionsRepository;
  private readonly standings: ResultsService;
  private readonly races: RacesService;
  private readonly audit: AuditService;
  /** Tells a live time trial its start list changed. */
  private readonly onTiming: (stageId: string) => void;

  constructor(
    db: Db,
    races: RacesService,
    audit: AuditService,
    onTiming: (stageId: string) => void = () => {},
  ) {
    this.onTiming = onTiming;
    this.repo = new StartTimesRepository(db);
    this.results = new ResultsRepository(db);
    this.decisions = new DecisionsRepository(db);
    this.standings = new ResultsService(db, races, audit);
    this.races = races;
    this.audit = audit;
  }

  /** A stage whose start list may change: managed by the caller, results not yet official. */
  private async open(actor: Actor, stageId: string): Promise<StageRow> {
    const stage = await stageRow(this.results, stageId);
    await this.races.managed(actor, stage.raceId);
    if (await this.decisions.approval(stageId))
      throw conflict('The stage’s results are official; its start list can no longer change');
    return stage;
  }

  async list(actor: Actor | null, stageId: string) {
    const stage = await stageRow(this.results, stageId);
    await this.races.visible(actor, stage.raceId);
    return (await this.repo.ofStage(stageId)).map(({ start, rider }) => ({
      registrationId: rider.id,
      bib: rider.bib,
      rider: `${rider.firstName} ${rider.lastName}`,
      team: rider.team,
      order: start.position,
      start: new Date(start.startAt).toISOString(),
    }));
  }

  /** Replaces the start list with the one given: every bib must be a rider of the race, once. */
  async set(actor: Actor, stageId: string, body: z.infer<typeof SetStartTimesBody>) {
    const stage = await this.open(actor, stageId);
    const byBib = new Map((await this.results.ridersOfRace(stage.raceId)).map((r) => [r.bib, r]));
    const errors: ProblemItem[] = [];
    const seen = new Set<number>();
    body.items.forEach((item, k) => {
      if (!byBib.has(item.bib))
        errors.push({ pointer: `/items/${k}/bib`, detail: `no rider with bib ${item.bib} in this race` });
      else if (seen.has(item.bib))
        errors.push({ pointer: `/items/${k}/bib`, detail: `bib ${item.bib} is on the list twice` });
      seen.add(item.bib);
    });
    if (errors.length > 0)
      throw unprocessable(`${errors.length} start(s) cannot be used; the start list is unchanged`, errors);
    const starts = body.items
      .map((item) => ({ riderId: byBib.get(item.bib)!.id, start: new Date(item.start).getTime() }))
      .sort((a, b) => a.start - b.start);
    return this.store(actor, stageId, starts, 'start_times.set');
  }

  /**
   * A time trial's start list in reverse order of the GC before the stage, the leader last (rules §3):
   * riders without a GC place (before the first stage, or a prologue) start first, in bib order. A team
   * time trial starts team by team, ordered by each team's best-placed rider.
   */
  async generate(actor: Actor, stageId: string, body: z.infer<typeof GenerateStartTimesBody>) {
    const stage = await this.open(actor, stageId);
    if (!TIME_TRIALS.has(stage.format))
      throw conflict('Only a time trial’s start list is generated; set this stage’s start times instead');
    const riders = await this.results.ridersOfRace(stage.raceId);
    const gc = await this.standings.gcBefore(stage.raceId, stage.number);
    const order = startOrder(riders, gc, stage.format === 'team_time_trial');
    const slots = scoring.formats.timeTrialStartList(
      order.map((group) => group.key),
      {
        firstStart: new Date(body.firstStart).getTime() / 1000,
        interval: body.interval,
        lastRiders: body.lastRiders,
        lastInterval: body.lastInterval,
      },
    );
    const members = new Map(order.map((group) => [group.key, group.riders]));
    const starts = slots.flatMap((slot) =>
      members.get(slot.riderId)!.map((r) => ({ riderId: r.id, start: slot.start * 1000 })),
    );
    return this.store(actor, stageId, starts, 'start_times.generate');
  }

  private async store(
    actor: Actor,
    stageId: string,
    starts: Array<{ riderId: string; start: number }>,
    action: string,
  ) {
    await this.repo.replace(
      stageId,
      starts.map((s, k) => ({ registrationId: s.riderId, startAt: s.start, position: k + 1 })),
    );
    await this.audit.record(actor, action, { type: 'stage', id: stageId }, { riders: starts.length });
    this.onTiming(stageId);
    return this.list(actor, stageId);
  }
}

/**
 * Who starts in what order, best GC first (the generator reverses it). With a GC only its riders start
 * (the others have left the race); without one everyone does. Teams are keyed by name, riders by id.
 */
function startOrder(
  riders: readonly RegistrationRow[],
  gc: ReadonlyArray<{ bib: number | null }>,
  byTeam: boolean,
): Array<{ key: string; riders: RegistrationRow[] }> {
  const byBib = new Map(riders.map((r) => [r.bib, r]));
  const ranked = gc.flatMap((row) => (row.bib !== null && byBib.has(row.bib) ? [byBib.get(row.bib)!] : []));
  const starters = ranked.length > 0 ? ranked : [...riders].sort((a, b) => b.bib - a.bib);
  if (!byTeam) return starters.map((r) => ({ key: r.id, riders: [r] }));
  const teams = new Map<string, RegistrationRow[]>();
  for (const r of starters) {
    const key = r.team ?? `#${r.bib}`;
    teams.set(key, [...(teams.get(key) ?? []), r]);
  }
  return [...teams].map(([key, members]) => ({ key, riders: members.sort((a, b) => a.bib - b.bib) }));
}

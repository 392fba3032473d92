import type { SetStageStatusBody, Stage } from '@echelon/contracts';
import type { z } from 'zod';
import { notFound } from '../../http/problem.ts';
import type { RaceControl } from '../../live/race-control.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import type { StagesRepository } from './stages.repository.ts';
import { presentStage } from './stages.service.ts';

/** Race control by stage: start, neutralise, resume, finish, cancel or annul one stage of a race. */
export class StageStatusService {
  private readonly repo: StagesRepository;
  private readonly races: RacesService;
  private readonly control: RaceControl;
  private readonly audit: AuditService;

  constructor(repo: StagesRepository, races: RacesService, control: RaceControl, audit: AuditService) {
    this.repo = repo;
    this.races = races;
    this.control = control;
    this.audit = audit;
  }

  async set(actor: Actor, stageId: string, input: z.infer<typeof SetStageStatusBody>): Promise<Stage> {
    const found = await this.repo.findById(stageId);
    if (!found) throw notFound('No such stage');
    const race = await this.races.officiated(actor, found.raceId);
    const at = input.at === undefined ? Date.now() : new Date(input.at).getTime();
    const moved = await this.control.move(race, found, input.status, at);
    await this.audit.record(
      actor,
      'stage.status',
      { type: 'stage', id: stageId },
      {
        from: moved.from,
        to: input.status,
        raceStatus: moved.race.status,
        ...(input.at !== undefined && { at }),
        ...(input.reason && { reason: input.reason }),
      },
    );
    return presentStage({ ...found, ...moved.stage });
  }
}

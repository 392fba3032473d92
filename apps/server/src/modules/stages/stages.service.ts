import { type Stage, StageScoring } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { conflict, HttpProblem, notFound } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { CoursesRepository } from '../courses/courses.repository.ts';
import type { RaceRow } from '../races/races.repository.ts';
import type { RacesService } from '../races/races.service.ts';
import { changesRefusedAfterStart, whyNotDeletable } from './stage-rules.ts';
import { couldLeaveWavesBehind, wavesLeftBehind } from './stage-waves.ts';
import { StagesRepository, type StageWithCourse } from './stages.repository.ts';

type WaveInput = { name: string; startOffsetSeconds: number; categories: string[] };

export function presentStage(row: StageWithCourse): Stage {
  return {
    id: row.id,
    raceId: row.raceId,
    number: row.number,
    name: row.name,
    format: row.format as Stage['format'],
    status: row.status as Stage['status'],
    scheduledStart: row.scheduledStart?.toISOString() ?? null,
    lapCount: row.lapCount,
    waves: row.waves,
    // Stages stored before scoring was configurable read as the defaults.
    scoring: StageScoring.parse(row.scoring ?? {}),
    hasCourse: row.hasCourse,
    course: row.course ?? null,
    startedAt: row.startedAt ?? null,
    finishedAt: row.finishedAt ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const FROZEN = new Set(['finished', 'official', 'cancelled']);

export class StagesService {
  private readonly repo: StagesRepository;
  private readonly courses: CoursesRepository;
  private readonly races: RacesService;
  private readonly audit: AuditService;

  constructor(db: Db, races: RacesService, audit: AuditService) {
    this.repo = new StagesRepository(db);
    this.courses = new CoursesRepository(db);
    this.races = races;
    this.audit = audit;
  }

  /** The stage and its race, if the caller may see the race. */
  async visible(actor: Actor | null, stageId: string): Promise<{ stage: StageWithCourse; race: RaceRow }> {
    const stage = await this.repo.findById(stageId);
    if (!stage) throw notFound('No such stage');
    return { stage, race: await this.races.visible(actor, stage.raceId) };
  }

  /** What deciding who may watch the stage needs (the live gateways cache it); null if there is no such stage. */
  async accessFacts(stageId: string) {
    const stage = await this.repo.findById(stageId);
    return stage ? this.races.accessFacts(stage.raceId) : null;
  }

  /** The stage and its race, if the caller may change the race. */
  async managed(actor: Actor | null, stageId: string): Promise<{ stage: StageWithCourse; race: RaceRow }> {
    const stage = await this.repo.findById(stageId);
    if (!stage) throw notFound('No such stage');
    const race = await this.races.managed(actor, stage.raceId);
    if (FROZEN.has(race.status))
      throw conflict(`The race is ${race.status}; its stages can no longer change`);
    return { stage, race };
  }

  async create(
    actor: Actor,
    raceId: string,
    input: {
      name: string;
      number?: number | undefined;
      format: Stage['format'];
      scheduledStart: string | null;
      lapCount: number;
      waves: WaveInput[];
      scoring?: Stage['scoring'];
    },
  ): Promise<Stage> {
    const race = await this.races.managed(actor, raceId);
    if (FROZEN.has(race.status)) throw conflict(`The race is ${race.status}; stages can no longer be added`);
    const number = input.number ?? (await this.repo.nextNumber(raceId));
    const existing = await this.repo.listByRace(raceId);
    if (existing.some((s) => s.number === number))
      throw conflict(`Stage ${number} exists already in this race`);
    await this.checkWavesKept(raceId, null, input.waves);
    const row = await this.repo.insert({
      raceId,
      number,
      name: input.name,
      format: input.format,
      scheduledStart: input.scheduledStart ? new Date(input.scheduledStart) : null,
      lapCount: input.lapCount,
      waves: input.waves,
      scoring: input.scoring ?? StageScoring.parse({}),
    });
    await this.audit.record(
      actor,
      'stage.create',
      { type: 'stage', id: row.id },
      { raceId, number, name: row.name },
    );
    return presentStage({ ...row, hasCourse: false, course: null });
  }

  async list(actor: Actor | null, raceId: string): Promise<Stage[]> {
    await this.races.visible(actor, raceId);
    return (await this.repo.listByRace(raceId)).map(presentStage);
  }

  async get(actor: Actor | null, stageId: string): Promise<Stage> {
    return presentStage((await this.visible(actor, stageId)).stage);
  }

  async update(
    actor: Actor,
    stageId: string,
    input: Partial<{
      name: string;
      number: number;
      format: Stage['format'];
      scheduledStart: string | null;
      lapCount: number;
      waves: WaveInput[];
      scoring: Stage['scoring'];
    }>,
  ): Promise<Stage> {
    const { stage } = await this.managed(actor, stageId);
    const refused = changesRefusedAfterStart(stage, input);
    if (refused.length > 0)
      throw new HttpProblem(409, refused.map((r) => r.detail).join('; '), { errors: refused });
    if (input.number !== undefined && input.number !== stage.number) {
      const taken = (await this.repo.listByRace(stage.raceId)).some((s) => s.number === input.number);
      if (taken) {
        const detail = `Stage ${input.number} exists already in this race`;
        throw new HttpProblem(409, detail, { errors: [{ pointer: '/number', detail }] });
      }
    }
    if (input.waves !== undefined) await this.checkWavesKept(stage.raceId, stage, input.waves);
    if (input.lapCount !== undefined && input.lapCount > 1 && stage.hasCourse) {
      const course = await this.courses.find(stageId);
      if (course && !course.isCircuit) {
        throw conflict(
          'The course is not a circuit (its end is far from its start), so it cannot be ridden in laps',
        );
      }
    }
    const { scheduledStart, ...rest } = input;
    await this.repo.update(stageId, {
      ...rest,
      ...(scheduledStart !== undefined && {
        scheduledStart: scheduledStart ? new Date(scheduledStart) : null,
      }),
    });
    if (input.lapCount !== undefined && input.lapCount !== stage.lapCount && stage.hasCourse) {
      await this.courses.setLapCount(stageId, input.lapCount);
    }
    await this.audit.record(
      actor,
      'stage.update',
      { type: 'stage', id: stageId },
      { changed: Object.keys(input) },
    );
    // Read back with the course's figures, which a new lap count has just changed.
    const updated = await this.repo.findById(stageId);
    if (!updated) throw notFound('No such stage');
    return presentStage(updated);
  }

  /**
   * Refuses (409, pointing at `/waves`) waves that would leave riders registered in a wave without its
   * start on this stage, naming the wave and its bibs; see stage-waves.ts for what counts. A stage being
   * created is `stage` null: it has no waves yet, everyone starting together.
   */
  private async checkWavesKept(
    raceId: string,
    stage: StageWithCourse | null,
    waves: readonly WaveInput[],
  ): Promise<void> {
    const before = stage?.waves ?? [];
    if (!couldLeaveWavesBehind({ before, after: waves })) return;
    const riders = await this.repo.ridersInWavesOtherThan(
      raceId,
      waves.map((wave) => wave.name),
    );
    if (riders.size === 0) return;
    const elsewhere = new Set(
      (await this.repo.listByRace(raceId))
        .filter((other) => other.id !== stage?.id)
        .flatMap((other) => other.waves.map((wave) => wave.name)),
    );
    const refused = wavesLeftBehind({ before, after: waves, elsewhere }, riders);
    if (refused.length > 0)
      throw new HttpProblem(409, refused.map((r) => r.detail).join(' '), { errors: refused });
  }

  /**
   * Deletes a stage added by mistake: only one that never started and holds no results, passings or
   * decisions (409 says which). Its course and checkpoints go with it.
   */
  async remove(actor: Actor, stageId: string): Promise<void> {
    const { stage } = await this.managed(actor, stageId);
    const why = whyNotDeletable(stage, await this.repo.records(stageId));
    if (why) throw conflict(why);
    if (!(await this.repo.deleteUnstarted(stageId))) {
      // Started, or given results, between the check and the delete: say what changed.
      const now = await this.repo.findById(stageId);
      if (!now) throw notFound('No such stage');
      throw conflict(
        whyNotDeletable(now, await this.repo.records(stageId)) ?? 'The stage changed; try again',
      );
    }
    await this.audit.record(
      actor,
      'stage.delete',
      { type: 'stage', id: stageId },
      { raceId: stage.raceId, number: stage.number, name: stage.name },
    );
    // Live gateways keep who may watch each stage; they forget this race's, so the stage's id stops answering.
    this.races.accessChanged(stage.raceId);
  }
}

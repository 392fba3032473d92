import type { StageTracks } from '@echelon/contracts';
import { ridersOut } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { conflict, notFound } from '../../http/problem.ts';
import { LiveRepository, type StageContext } from '../../live/live.repository.ts';
import type { Actor } from '../auth/actor.ts';
import { canViewRace } from '../races/race-policy.ts';
import { ReplayRepository } from './replay.repository.ts';
import { kmh, round } from './splits.ts';
import { type ReplayOptions, replayStage, type StageReplay, type TrackSample } from './stage-replay.ts';

/** A stage that can be replayed: it started, and has a course to place riders on. */
export type ReplayableStage = StageContext & {
  stage: StageContext['stage'] & { startedAt: number };
  course: NonNullable<StageContext['course']>;
};

const replayable = (context: StageContext): context is ReplayableStage =>
  context.stage.startedAt !== null && context.course !== null;

/** Samples flattened and rounded for the wire: ~20 bytes each instead of an object's ~90. */
function flatten(samples: readonly TrackSample[], t0: number): number[] {
  const out: number[] = [];
  for (const s of samples) {
    out.push(
      round((s.time - t0) / 1000, 1),
      Math.round(s.distance),
      round(s.lat, 5),
      round(s.lon, 5),
      round(kmh(s.speed, 1), 1),
    );
  }
  return out;
}

/** Stages ridden again from their stored fixes: tracks for the map, crossings for splits and statistics. */
export class ReplayService {
  private readonly live: LiveRepository;
  private readonly repo: ReplayRepository;

  constructor(db: Db) {
    this.live = new LiveRepository(db);
    this.repo = new ReplayRepository(db);
  }

  /** Everything about a stage the caller may see; 404 otherwise, as for the race itself. */
  async visibleStage(actor: Actor | null, stageId: string): Promise<StageContext> {
    const context = await this.live.loadStage(stageId);
    if (!context || !canViewRace(actor, context.race)) throw notFound('No such stage');
    return context;
  }

  /**
   * Replays a stage for some or all of its riders; null when it never started or has no course. The
   * caller has checked the stage may be seen.
   */
  async replay(context: StageContext, options: ReplayOptions): Promise<StageReplay | null> {
    if (!replayable(context)) return null;
    const ids = options.riderIds ? [...options.riderIds] : context.riders.map((r) => r.id);
    const fixes = await this.repo.fixesBetween(ids, context.stage.startedAt, context.stage.finishedAt);
    return replayStage(context, fixes, options);
  }

  async stageTracks(
    actor: Actor | null,
    stageId: string,
    query: { step: number; registrationId?: string | undefined },
  ): Promise<StageTracks> {
    const context = await this.visibleStage(actor, stageId);
    if (!replayable(context)) {
      throw conflict(
        context.course === null
          ? 'The stage has no course, so its riders cannot be placed on it'
          : 'The stage has not started yet: there is nothing to replay',
      );
    }
    const only = query.registrationId;
    if (only !== undefined && !context.riders.some((r) => r.id === only)) {
      throw notFound('No such rider in this stage’s race');
    }
    const replay = (await this.replay(context, {
      stepMs: query.step * 1000,
      ...(only !== undefined && { riderIds: new Set([only]) }),
    }))!;
    // The same fold the live state applies: the replay shows a rider out from the decision on.
    const out = ridersOut(context.riderOutDecisions);
    return {
      stageId,
      startedAt: context.stage.startedAt,
      finishedAt: context.stage.finishedAt,
      length: Math.round(replay.course.length),
      step: query.step,
      course: {
        simplified: context.course.simplified,
        checkpoints: replay.course.checkpoints.map((c) => ({
          id: c.id,
          kind: c.kind,
          name: c.name,
          distance: Math.round(c.distance),
        })),
      },
      riders: context.riders
        .filter((r) => replay.rides.has(r.id))
        .map((r) => {
          const ride = replay.rides.get(r.id)!;
          const t0 = ride.samples[0]?.time ?? null;
          return {
            id: r.id,
            bib: r.bib,
            name: `${r.firstName} ${r.lastName}`,
            team: r.team,
            category: r.category,
            t0: t0 === null ? null : Math.round(t0),
            samples: t0 === null ? [] : flatten(ride.samples, Math.round(t0)),
            finish: ride.finishTime === null ? null : Math.round(ride.finishTime),
            out: out.get(r.id) ?? null,
          };
        }),
    };
  }
}

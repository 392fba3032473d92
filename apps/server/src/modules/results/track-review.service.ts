import type { TrackReview } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/problem.ts';
import { LiveRepository } from '../../live/live.repository.ts';
import { PRE_START_MS } from '../../live/live-course.ts';
import type { Actor } from '../auth/actor.ts';
import { IngestRepository } from '../ingest/ingest.repository.ts';
import type { RacesService } from '../races/races.service.ts';
import { lapLineNumber } from './lap-lines.ts';
import { ResultsRepository } from './results.repository.ts';
import { stageTiming } from './stage-timing.ts';

/**
 * The results desk's review list: crossings the riders' tracks do not support (a phone switched on late,
 * a dropout across a line, a rider carried to the finish), found by the same replay of the stored fixes
 * the results come from. None of them is credited; a timing system's passing at the point settles one.
 */
export class TrackReviewService {
  private readonly live: LiveRepository;
  private readonly fixes: IngestRepository;
  private readonly results: ResultsRepository;
  private readonly races: RacesService;

  constructor(db: Db, races: RacesService) {
    this.live = new LiveRepository(db);
    this.fixes = new IngestRepository(db);
    this.results = new ResultsRepository(db);
    this.races = races;
  }

  async review(actor: Actor, stageId: string): Promise<TrackReview> {
    const context = await this.live.loadStage(stageId);
    if (!context) throw notFound('No such stage');
    await this.races.officiated(actor, context.race.id);
    if (!context.course || context.stage.startedAt === null) return { items: [] };
    const riders = new Map(context.riders.map((r) => [r.id, r]));
    const fixes = await this.fixes.fixesSince([...riders.keys()], context.stage.startedAt - PRE_START_MS);
    const timing = stageTiming(context, fixes, await this.results.passingsOfStage(stageId));
    if (!timing) return { items: [] };
    const points = new Map(context.checkpoints.map((c) => [c.id, c]));
    return {
      items: timing.reviews.map((item) => {
        const rider = riders.get(item.riderId)!;
        const point = points.get(item.checkpointId);
        const lap = lapLineNumber(item.checkpointId);
        return {
          registrationId: rider.id,
          bib: rider.bib,
          rider: `${rider.firstName} ${rider.lastName}`,
          checkpointId: item.checkpointId,
          checkpoint: point?.name ?? `End of lap ${lap}`,
          checkpointKind: point?.kind ?? 'lap',
          reason: item.reason,
          interpolatedTime: Math.round(item.interpolatedTime),
          speed: Math.round(item.speed * 10) / 10,
          before: item.before,
          after: item.after,
        };
      }),
    };
  }
}

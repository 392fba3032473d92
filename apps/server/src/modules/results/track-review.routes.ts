import { StageParams, TrackReview } from '@echelon/contracts';
import { actorOf } from '../../http/auth.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { TrackReviewService } from './track-review.service.ts';

/** The results desk is officiating: a race's staff commissaires work it too (the service checks which races). */
const OFFICIALS = ['admin', 'organiser', 'commissaire'] as const;

export function registerTrackReviewRoutes(app: ZodApp, review: TrackReviewService): void {
  app.get(
    '/api/v1/stages/:stageId/review',
    {
      schema: {
        operationId: 'getTrackReview',
        tags: ['results'],
        summary: 'Crossings the riders’ tracks do not support, for the results desk to decide',
        description:
          'A crossing is credited from GPS only when the fixes either side of the line are close in time and ' +
          'were ridden at a cyclist’s speed. The others (a phone switched on late, a dropout across a line, a ' +
          'rider driven to the finish) are listed here with those fixes as evidence; a timing passing at the ' +
          'point, or a decision, settles them.',
        params: StageParams,
        response: { 200: TrackReview, ...problems(401, 403, 404) },
      },
      config: { access: OFFICIALS },
    },
    async (request) => review.review(actorOf(request), request.params.stageId),
  );
}

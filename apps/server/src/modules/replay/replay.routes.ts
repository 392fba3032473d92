import { StageParams, StageTracks, StageTracksQuery } from '@echelon/contracts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { ReplayService } from './replay.service.ts';

export function registerReplayRoutes(app: ZodApp, replay: ReplayService): void {
  app.get(
    '/api/v1/stages/:stageId/tracks',
    {
      schema: {
        operationId: 'getStageTracks',
        tags: ['replay'],
        summary: 'Every rider’s ride of a started stage, placed on the course, for replay',
        description:
          'Stored fixes replayed through the live state and sampled: at most one sample per `step` seconds ' +
          'per rider, each a flat group of 5 numbers (see RiderTrack). Every rider’s tracks come from the ' +
          'summary stored with the stage’s results, whose own step (in the answer, 5 s or coarser for big ' +
          'fields) may be coarser than asked; one rider’s (`registrationId`) are replayed at the step ' +
          'asked. 409 when the stage has not started or has no course.',
        params: StageParams,
        querystring: StageTracksQuery,
        response: { 200: StageTracks, ...problems(400, 404, 409) },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const tracks = await replay.stageTracks(request.actor, request.params.stageId, request.query);
      // The stored summary is already the answer's JSON: send those bytes as they are.
      if ('serialised' in tracks)
        return reply.type('application/json; charset=utf-8').send(tracks.serialised as never);
      return tracks;
    },
  );
}

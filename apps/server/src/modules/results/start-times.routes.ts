import { GenerateStartTimesBody, SetStartTimesBody, StageParams, StartTimes } from '@echelon/contracts';
import { actorOf } from '../../http/auth.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { StartTimesService } from './start-times.service.ts';

const ORGANISERS = ['admin', 'organiser'] as const;

/** Start lists of stages with individual starts: time trials and audaxes. */
export function registerStartTimeRoutes(app: ZodApp, startTimes: StartTimesService): void {
  app.get(
    '/api/v1/stages/:stageId/start-times',
    {
      schema: {
        operationId: 'getStartTimes',
        tags: ['results'],
        summary: 'A stage’s start list: each rider’s scheduled start, in start order',
        params: StageParams,
        response: { 200: StartTimes, ...problems(404) },
      },
      config: { access: 'public' },
    },
    async (request) => ({ items: await startTimes.list(request.actor, request.params.stageId) }),
  );

  app.put(
    '/api/v1/stages/:stageId/start-times',
    {
      schema: {
        operationId: 'setStartTimes',
        tags: ['results'],
        summary: 'Set a stage’s start list (time trials are timed from these scheduled starts)',
        description:
          'Replaces the whole list. Every bib must be a rider of the race, once; otherwise 422 names each ' +
          'bad entry and nothing changes.',
        params: StageParams,
        body: SetStartTimesBody,
        response: { 200: StartTimes, ...problems(400, 401, 403, 404, 409, 422) },
      },
      config: { access: ORGANISERS },
    },
    async (request) => ({
      items: await startTimes.set(actorOf(request), request.params.stageId, request.body),
    }),
  );

  app.post(
    '/api/v1/stages/:stageId/start-times/generate',
    {
      schema: {
        operationId: 'generateStartTimes',
        tags: ['results'],
        summary: 'Draw a time trial’s start list in reverse GC order, the leader last, and store it',
        description:
          'Riders `interval` seconds apart, the last `lastRiders` `lastInterval` apart. Riders without a GC ' +
          'place (first stage, prologue) start first in bib order; a team time trial starts team by team.',
        params: StageParams,
        body: GenerateStartTimesBody,
        response: { 200: StartTimes, ...problems(400, 401, 403, 404, 409) },
      },
      config: { access: ORGANISERS },
    },
    async (request) => ({
      items: await startTimes.generate(actorOf(request), request.params.stageId, request.body),
    }),
  );
}

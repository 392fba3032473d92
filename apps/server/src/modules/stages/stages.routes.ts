import {
  CreateStageBody,
  RaceParams,
  SetStageStatusBody,
  Stage,
  StageParams,
  UpdateStageBody,
} from '@echelon/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { StageStatusService } from './stage-status.service.ts';
import type { StagesService } from './stages.service.ts';

const ORGANISERS = ['admin', 'organiser'] as const;
/** Race control is officiating: a race's staff commissaires run its stages too (the service checks which races). */
const OFFICIALS = ['admin', 'organiser', 'commissaire'] as const;

export function registerStageRoutes(app: ZodApp, stages: StagesService, status: StageStatusService): void {
  app.post(
    '/api/v1/races/:raceId/stages',
    {
      schema: {
        operationId: 'createStage',
        tags: ['stages'],
        summary: 'Add a stage to a race (a one-day race has one)',
        description:
          'A number the race has already is 409. A stage given `waves` must have each wave riders are ' +
          'registered in (409, pointing at `/waves`): results time them from that stage’s own wave of that name.',
        params: RaceParams,
        body: CreateStageBody,
        response: { 201: Stage, ...problems(400, 401, 403, 404, 409) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) =>
      reply.status(201).send(await stages.create(actorOf(request), request.params.raceId, request.body)),
  );

  app.get(
    '/api/v1/races/:raceId/stages',
    {
      schema: {
        operationId: 'listStages',
        tags: ['stages'],
        summary: 'The stages of a race, in order',
        params: RaceParams,
        response: { 200: z.object({ items: z.array(Stage) }), ...problems(404) },
      },
      config: { access: 'public' },
    },
    async (request) => ({ items: await stages.list(request.actor, request.params.raceId) }),
  );

  app.get(
    '/api/v1/stages/:stageId',
    {
      schema: {
        operationId: 'getStage',
        tags: ['stages'],
        summary: 'One stage',
        params: StageParams,
        response: { 200: Stage, ...problems(404) },
      },
      config: { access: 'public' },
    },
    async (request) => stages.get(request.actor, request.params.stageId),
  );

  app.patch(
    '/api/v1/stages/:stageId',
    {
      schema: {
        operationId: 'updateStage',
        tags: ['stages'],
        summary: 'Change a stage: name, number, format, start, laps, waves, scoring',
        description:
          'Once the stage has started its format, laps and number are fixed (409); a number another stage ' +
          'of the race has is 409 too. New `waves` may not leave riders behind (409, pointing at `/waves`, ' +
          'naming the wave and its bibs): a stage with waves keeps each wave riders are registered in, since ' +
          'results time them from that stage’s own wave of that name; a stage may drop all its waves only ' +
          'while another stage still defines each one riders are in. Move riders out of a wave first.',
        params: StageParams,
        body: UpdateStageBody,
        response: { 200: Stage, ...problems(400, 401, 403, 404, 409) },
      },
      config: { access: ORGANISERS },
    },
    async (request) => stages.update(actorOf(request), request.params.stageId, request.body),
  );

  app.delete(
    '/api/v1/stages/:stageId',
    {
      schema: {
        operationId: 'deleteStage',
        tags: ['stages'],
        summary: 'Delete a stage added by mistake, with its course and checkpoints',
        description:
          'Only a stage that has not started and holds no results, timing passings or decisions; ' +
          'otherwise 409 says why.',
        params: StageParams,
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) => {
      await stages.remove(actorOf(request), request.params.stageId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/stages/:stageId/status',
    {
      schema: {
        operationId: 'setStageStatus',
        tags: ['stages'],
        summary: 'Race control by stage: start, neutralise, resume, finish, cancel or annul it',
        description:
          'scheduled → live ⇄ neutralised → finished (official comes from approving its results); ' +
          'cancelled or annulled (neutralised as a whole). One stage of a race runs at a time; the race’s ' +
          'status follows its stages: live while a stage runs and between stages, finished after the last, ' +
          'official once every stage is. 409 names what the stage can do instead.',
        params: StageParams,
        body: SetStageStatusBody,
        response: { 200: Stage, ...problems(400, 401, 403, 404, 409) },
      },
      config: { access: OFFICIALS },
    },
    async (request) => status.set(actorOf(request), request.params.stageId, request.body),
  );
}

import {
  CreateRaceBody,
  ListRacesQuery,
  Race,
  RaceList,
  RaceParams,
  SetRaceStatusBody,
  UpdateRaceBody,
} from '@echelon/contracts';
import { actorOf } from '../../http/auth.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { RacesService } from './races.service.ts';

const ORGANISERS = ['admin', 'organiser'] as const;

export function registerRaceRoutes(app: ZodApp, races: RacesService): void {
  app.post(
    '/api/v1/races',
    {
      schema: {
        operationId: 'createRace',
        tags: ['races'],
        summary: 'Create a race (as a draft)',
        body: CreateRaceBody,
        response: { 201: Race, ...problems(400, 401, 403) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) => reply.status(201).send(await races.create(actorOf(request), request.body)),
  );

  app.get(
    '/api/v1/races',
    {
      schema: {
        operationId: 'listRaces',
        tags: ['races'],
        summary: 'Races the caller may see: public ones, plus their own',
        querystring: ListRacesQuery,
        response: { 200: RaceList, ...problems(400) },
      },
      config: { access: 'public' },
    },
    async (request) => races.list(request.actor, request.query),
  );

  app.get(
    '/api/v1/races/:raceId',
    {
      schema: {
        operationId: 'getRace',
        tags: ['races'],
        summary: 'One race',
        params: RaceParams,
        response: { 200: Race, ...problems(404) },
      },
      config: { access: 'public' },
    },
    async (request) => races.get(request.actor, request.params.raceId),
  );

  app.patch(
    '/api/v1/races/:raceId',
    {
      schema: {
        operationId: 'updateRace',
        tags: ['races'],
        summary: 'Change a race’s details',
        params: RaceParams,
        body: UpdateRaceBody,
        response: { 200: Race, ...problems(400, 401, 403, 404, 409) },
      },
      config: { access: ORGANISERS },
    },
    async (request) => races.update(actorOf(request), request.params.raceId, request.body),
  );

  app.post(
    '/api/v1/races/:raceId/status',
    {
      schema: {
        operationId: 'setRaceStatus',
        tags: ['races'],
        summary:
          'Move the race through draft → published → live ⇄ neutralised → finished → official, or cancel it',
        params: RaceParams,
        body: SetRaceStatusBody,
        response: { 200: Race, ...problems(400, 401, 403, 404, 409) },
      },
      config: { access: ORGANISERS },
    },
    async (request) => races.setStatus(actorOf(request), request.params.raceId, request.body),
  );
}

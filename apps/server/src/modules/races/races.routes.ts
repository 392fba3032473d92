import {
  AddRaceStaffBody,
  CreateRaceBody,
  ListRacesQuery,
  Race,
  RaceList,
  RaceParams,
  RaceStaffMember,
  RaceStaffParams,
  SetRaceStatusBody,
  UpdateRaceBody,
} from '@echelon/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { RacesService } from './races.service.ts';

const ORGANISERS = ['admin', 'organiser'] as const;
/** Race control is officiating: a race's staff commissaires run it too (the service checks which races). */
const OFFICIALS = ['admin', 'organiser', 'commissaire'] as const;

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
        description:
          'Publishing, unpublishing and cancelling are the race’s own. live, neutralised and finished act ' +
          'on `stageId` or the stage of the day (the running stage, else the next scheduled one), as ' +
          '`setStageStatus` does, and the race’s status follows its stages: live while a stage runs and ' +
          'between stages, finished after the last. official approves every finished stage’s results. ' +
          'Cancelling the race cancels its stages not yet finished.',
        params: RaceParams,
        body: SetRaceStatusBody,
        response: { 200: Race, ...problems(400, 401, 403, 404, 409) },
      },
      config: { access: OFFICIALS },
    },
    async (request) => races.setStatus(actorOf(request), request.params.raceId, request.body),
  );

  registerRaceStaffRoutes(app, races);
}

function registerRaceStaffRoutes(app: ZodApp, races: RacesService): void {
  app.get(
    '/api/v1/races/:raceId/staff',
    {
      schema: {
        operationId: 'listRaceStaff',
        tags: ['races'],
        summary: 'The users who officiate the race besides its owner',
        params: RaceParams,
        response: { 200: z.object({ items: z.array(RaceStaffMember) }), ...problems(401, 403, 404) },
      },
      config: { access: OFFICIALS },
    },
    async (request) => ({ items: await races.staff.list(actorOf(request), request.params.raceId) }),
  );

  app.post(
    '/api/v1/races/:raceId/staff',
    {
      schema: {
        operationId: 'addRaceStaff',
        tags: ['races'],
        summary:
          'Let a commissaire or organiser officiate the race: decisions, passings, race control (owner or admin)',
        params: RaceParams,
        body: AddRaceStaffBody,
        response: { 201: RaceStaffMember, ...problems(400, 401, 403, 404, 409, 422) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) =>
      reply.status(201).send(await races.staff.add(actorOf(request), request.params.raceId, request.body)),
  );

  app.delete(
    '/api/v1/races/:raceId/staff/:userId',
    {
      schema: {
        operationId: 'removeRaceStaff',
        tags: ['races'],
        summary: 'Take a user off the race’s staff (owner or admin)',
        params: RaceStaffParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) => {
      await races.staff.remove(actorOf(request), request.params.raceId, request.params.userId);
      return reply.status(204).send(null);
    },
  );
}

import {
  Category,
  CreateCategoryBody,
  ImportRegistrationsQuery,
  ImportResult,
  ListRegistrationsQuery,
  RaceParams,
  Registration,
  RegistrationInput,
  RegistrationList,
  RegistrationParams,
  RegistrationRiderList,
  UpdateRegistrationBody,
} from '@echelon/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import { csvBody } from '../../http/text-bodies.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { RegistrationsService } from './registrations.service.ts';

const ORGANISERS = ['admin', 'organiser'] as const;

export function registerRegistrationRoutes(app: ZodApp, registrations: RegistrationsService): void {
  app.get(
    '/api/v1/races/:raceId/registrations',
    {
      schema: {
        operationId: 'listRegistrations',
        tags: ['start list'],
        summary: 'The start list, by bib',
        params: RaceParams,
        querystring: ListRegistrationsQuery,
        response: { 200: RegistrationList, ...problems(404) },
      },
      config: { access: 'public' },
    },
    async (request) => registrations.list(request.actor, request.params.raceId, request.query),
  );

  app.get(
    '/api/v1/races/:raceId/registration-riders',
    {
      schema: {
        operationId: 'listRegistrationRiders',
        tags: ['start list'],
        summary: 'The rider accounts linked to the race’s registrations, with their e-mails (race managers)',
        params: RaceParams,
        response: { 200: RegistrationRiderList, ...problems(401, 403, 404) },
      },
      config: { access: ORGANISERS },
    },
    async (request) => registrations.linkedRiders(actorOf(request), request.params.raceId),
  );

  app.post(
    '/api/v1/races/:raceId/registrations',
    {
      schema: {
        operationId: 'createRegistration',
        tags: ['start list'],
        summary: 'Register one rider',
        description: 'A `wave` must be one a stage of the race defines (422 otherwise, pointing at `/wave`).',
        params: RaceParams,
        body: RegistrationInput,
        response: { 201: Registration, ...problems(400, 401, 403, 404, 409, 422) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await registrations.create(actorOf(request), request.params.raceId, request.body)),
  );

  app.patch(
    '/api/v1/registrations/:registrationId',
    {
      schema: {
        operationId: 'updateRegistration',
        tags: ['start list'],
        summary: 'Change a rider’s entry (bib, names, team, category, tracker id …)',
        description:
          'A `wave` set must be one a stage of the race defines (422 otherwise, pointing at `/wave`).',
        params: RegistrationParams,
        body: UpdateRegistrationBody,
        response: { 200: Registration, ...problems(400, 401, 403, 404, 409, 422) },
      },
      config: { access: ORGANISERS },
    },
    async (request) => registrations.update(actorOf(request), request.params.registrationId, request.body),
  );

  app.delete(
    '/api/v1/registrations/:registrationId',
    {
      schema: {
        operationId: 'deleteRegistration',
        tags: ['start list'],
        summary: 'Take a rider off the start list (only while nothing is recorded of them)',
        description:
          '409 once fixes, passings, results or decisions are recorded for the rider: withdraw them ' +
          '(`withdrawRider`, DNS or DNF) instead, so nothing recorded is lost.',
        params: RegistrationParams,
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) => {
      await registrations.remove(actorOf(request), request.params.registrationId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/races/:raceId/registrations/import',
    {
      schema: {
        operationId: 'importRegistrations',
        tags: ['start list'],
        summary: 'Import a start list from CSV: all rows or none',
        description:
          'Body: the CSV text (Content-Type text/csv) with the header ' +
          '`bib,first_name,last_name,team,category,gender,birth_year,nationality,device_id,wave`; extra columns ' +
          'are ignored. A `wave` must be one a stage of the race defines; a `category` one the race has, ' +
          'unless `createCategories=true`. If any row is invalid or clashes with the start list, nothing is ' +
          'imported and the answer (422) lists every bad row with its line number.',
        consumes: ['text/csv'],
        params: RaceParams,
        querystring: ImportRegistrationsQuery,
        response: { 200: ImportResult, ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
      },
      config: { access: ORGANISERS },
    },
    async (request) => {
      return registrations.importCsv(
        actorOf(request),
        request.params.raceId,
        csvBody(request),
        request.query.mode,
        request.query.createCategories,
      );
    },
  );

  app.get(
    '/api/v1/races/:raceId/categories',
    {
      schema: {
        operationId: 'listCategories',
        tags: ['start list'],
        summary: 'The race’s categories',
        params: RaceParams,
        response: { 200: z.object({ items: z.array(Category) }), ...problems(404) },
      },
      config: { access: 'public' },
    },
    async (request) => ({ items: await registrations.listCategories(request.actor, request.params.raceId) }),
  );

  app.post(
    '/api/v1/races/:raceId/categories',
    {
      schema: {
        operationId: 'createCategory',
        tags: ['start list'],
        summary: 'Define a category (age group, gender or custom)',
        params: RaceParams,
        body: CreateCategoryBody,
        response: { 201: Category, ...problems(400, 401, 403, 404, 409) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await registrations.createCategory(actorOf(request), request.params.raceId, request.body)),
  );
}

import {
  CreateDecisionBody,
  Decision,
  IdParams,
  RegistrationParams,
  ReopenResultsBody,
  StageParams,
  WithdrawalBody,
} from '@echelon/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { DecisionsService } from './decisions.service.ts';
import type { PassingsService } from './passings.service.ts';
import { registerStartTimeRoutes } from './start-times.routes.ts';

/** The results desk is officiating: a race's staff commissaires work it too (the service checks which races). */
const OFFICIALS = ['admin', 'organiser', 'commissaire'] as const;

export function registerDecisionRoutes(
  app: ZodApp,
  decisions: DecisionsService,
  passings: PassingsService,
): void {
  // The timing desk's other half: start lists, which time trials are timed from.
  registerStartTimeRoutes(app, passings.startTimes);

  app.post(
    '/api/v1/stages/:stageId/passings',
    {
      schema: {
        operationId: 'importPassings',
        tags: ['results'],
        summary: 'Import a timing system’s passings; they override GPS crossings at their timing point',
        description:
          'CSV (text/csv) with the header `bib,point,time` (optionally `chip`, `lap`), or a JSON array of ' +
          '`{bib, chip, point, time, lap}`. A rider is known by `chip` (their registration’s device id) or `bib`; ' +
          '`point` is a checkpoint id, its name, `start` or `finish`; `time` is epoch ms, ISO 8601 with an ' +
          'offset, or a time of day (`12:34:56.789`, the race’s time zone, the stage’s day), kept to the ' +
          'millisecond; `lap` numbers the passes of a line on a circuit (by default a rider’s passes at a point in ' +
          'the file are laps 1, 2, … in time order). A pass already stored for that lap is replaced. All or nothing.',
        consumes: ['text/csv', 'application/json'],
        params: StageParams,
        response: {
          200: z.object({ imported: z.number().int() }),
          ...problems(400, 401, 403, 404, 409, 422),
        },
      },
      config: { access: OFFICIALS },
    },
    async (request) => passings.importPassings(actorOf(request), request.params.stageId, request.body),
  );

  app.post(
    '/api/v1/stages/:stageId/decisions',
    {
      schema: {
        operationId: 'createDecision',
        tags: ['results'],
        summary:
          'Record a commissaire decision: penalty, time correction, status, reinstatement, relegation, GC time ' +
          '(a rider’s, or every rider’s at a timing point), final-kilometres incident, free lap, combativity',
        params: StageParams,
        body: CreateDecisionBody,
        response: { 201: Decision, ...problems(400, 401, 403, 404, 409, 422) },
      },
      config: { access: OFFICIALS },
    },
    async (request, reply) =>
      reply.status(201).send(await decisions.create(actorOf(request), request.params.stageId, request.body)),
  );

  app.post(
    '/api/v1/registrations/:registrationId/withdrawal',
    {
      schema: {
        operationId: 'withdrawRider',
        tags: ['start list'],
        summary: 'Withdraw a rider (DNS or DNF) once racing has begun, instead of deleting them',
        description:
          'Records a status decision on the stage given, else on the latest stage that has started (the ' +
          'first stage when none has), with its reason; the rider keeps their fixes, passings and results ' +
          'and stays on the start list. 409 when the stage’s results are official.',
        params: RegistrationParams,
        body: WithdrawalBody,
        response: { 201: Decision, ...problems(400, 401, 403, 404, 409, 422) },
      },
      config: { access: OFFICIALS },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await decisions.withdraw(actorOf(request), request.params.registrationId, request.body)),
  );

  app.get(
    '/api/v1/stages/:stageId/decisions',
    {
      schema: {
        operationId: 'listDecisions',
        tags: ['results'],
        summary: 'The decisions on a stage, in the order they were taken (the communiqué)',
        params: StageParams,
        response: { 200: z.object({ items: z.array(Decision) }), ...problems(404) },
      },
      config: { access: 'public' },
    },
    async (request) => ({ items: await decisions.list(request.actor, request.params.stageId) }),
  );

  app.delete(
    '/api/v1/decisions/:id',
    {
      schema: {
        operationId: 'revokeDecision',
        tags: ['results'],
        summary: 'Revoke a decision (it stays on record, marked revoked)',
        params: IdParams,
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
      config: { access: OFFICIALS },
    },
    async (request, reply) => {
      await decisions.revoke(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/stages/:stageId/results/approve',
    {
      schema: {
        operationId: 'approveStageResults',
        tags: ['results'],
        summary: 'Make the stage’s results official (provisional → official)',
        params: StageParams,
        response: { 200: z.object({ state: z.literal('official') }), ...problems(401, 403, 404, 409) },
      },
      config: { access: OFFICIALS },
    },
    async (request) => decisions.approve(actorOf(request), request.params.stageId),
  );

  app.post(
    '/api/v1/stages/:stageId/results/reopen',
    {
      schema: {
        operationId: 'reopenStageResults',
        tags: ['results'],
        summary: 'Reopen official results (official → provisional), for an audited reason',
        description:
          'Official results are frozen: late fixes, passings and start-list edits do not change them. ' +
          'Reopening makes them provisional again and computes them at once from the evidence as it now ' +
          'stands; new evidence then recomputes them until they are approved again.',
        params: StageParams,
        body: ReopenResultsBody,
        response: {
          200: z.object({ state: z.literal('provisional') }),
          ...problems(400, 401, 403, 404, 409),
        },
      },
      config: { access: OFFICIALS },
    },
    async (request) => decisions.reopen(actorOf(request), request.params.stageId, request.body.reason),
  );
}

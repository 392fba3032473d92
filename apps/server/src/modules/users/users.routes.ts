import { AuditEntry, CreateUserBody, IdParams, UpdateUserBody, User } from '@echelon/contracts';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { UsersService } from './users.service.ts';

const ADMIN = ['admin'] as const;

export function registerUserRoutes(app: ZodApp, users: UsersService, audit: AuditService): void {
  app.get(
    '/api/v1/users',
    {
      schema: {
        operationId: 'listUsers',
        tags: ['users'],
        summary: 'All accounts',
        response: { 200: z.object({ items: z.array(User) }), ...problems(401, 403) },
      },
      config: { access: ADMIN },
    },
    async () => ({ items: await users.list() }),
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        operationId: 'createUser',
        tags: ['users'],
        summary: 'Create an account with a role',
        body: CreateUserBody,
        response: { 201: User, ...problems(400, 401, 403, 409) },
      },
      config: { access: ADMIN },
    },
    async (request, reply) => reply.status(201).send(await users.create(actorOf(request), request.body)),
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        operationId: 'updateUser',
        tags: ['users'],
        summary: 'Change a name or role, disable an account, or reset its password',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User, ...problems(400, 401, 403, 404) },
      },
      config: { access: ADMIN },
    },
    async (request) => users.update(actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/audit',
    {
      schema: {
        operationId: 'listAuditLog',
        tags: ['users'],
        summary: 'The audit log of administrative actions, newest first',
        querystring: z.object({
          targetType: z.string().optional(),
          targetId: z.string().optional(),
          before: z.coerce.number().int().positive().optional().describe('Entries with an id below this'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(AuditEntry) }), ...problems(401, 403) },
      },
      config: { access: ADMIN },
    },
    async (request) => ({ items: await audit.list(request.query) }),
  );
}

import {
  ApiToken,
  CreatedApiToken,
  CreateTokenBody,
  IdParams,
  LoginBody,
  SessionInfo,
  SetupBody,
} from '@echelon/contracts';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE } from '../../http/auth.ts';
import { unauthorized } from '../../http/problem.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import { presentUser } from '../users/users.service.ts';
import type { AuthService } from './auth.service.ts';

export interface AuthRouteOptions {
  secureCookies: boolean;
  loginRateLimitPerMinute: number;
}

export function registerAuthRoutes(app: ZodApp, auth: AuthService, options: AuthRouteOptions): void {
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.secureCookies,
    path: '/',
  };

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: LoginBody,
        response: { 200: SessionInfo, ...problems(400, 401, 403, 429) },
      },
      config: {
        access: 'public',
        rateLimit: {
          max: options.loginRateLimitPerMinute,
          timeWindow: '1 minute',
          // Per address and account: one attacker cannot lock everyone out, nor hammer one account.
          keyGenerator: (request) => {
            const email = (request.body as { email?: unknown } | undefined)?.email;
            return `${request.ip}|${typeof email === 'string' ? email.toLowerCase() : ''}`;
          },
        },
      },
    },
    async (request, reply) => {
      const { secret, session, user } = await auth.login(request.body.email, request.body.password);
      reply.setCookie(SESSION_COOKIE, secret, { ...cookieOptions, expires: session.expiresAt });
      return {
        user: presentUser(user),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        operationId: 'logout',
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: z.null() },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await auth.logout(cookie);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/session',
    {
      schema: {
        operationId: 'getSession',
        tags: ['auth'],
        summary: 'The signed-in user and the CSRF token of this session',
        response: { 200: SessionInfo, ...problems(401) },
      },
      config: { access: 'public' },
    },
    async (request) => {
      const cookie = request.cookies[SESSION_COOKIE];
      const resolved = cookie ? await auth.resolveSession(cookie) : null;
      if (!resolved) throw unauthorized('No session: sign in first');
      const user = await auth.currentUser(resolved.actor.id);
      return {
        user: presentUser(user),
        csrfToken: resolved.actor.sessionCsrf ?? '',
        expiresAt: resolved.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/api/v1/setup',
    {
      schema: {
        operationId: 'completeSetup',
        tags: ['auth'],
        summary: 'Create the first administrator with the one-time link printed at first start',
        body: SetupBody,
        response: {
          201: z.object({ user: z.object({ id: z.string(), email: z.string() }) }),
          ...problems(400, 403, 409),
        },
      },
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const user = await auth.completeSetup(request.body);
      return reply.status(201).send({ user: { id: user.id, email: user.email } });
    },
  );

  app.post(
    '/api/v1/tokens',
    {
      schema: {
        operationId: 'createToken',
        tags: ['auth'],
        summary: 'Create a personal access token for scripts and API clients (shown once)',
        body: CreateTokenBody,
        response: { 201: CreatedApiToken, ...problems(400, 401, 403) },
      },
      config: { access: ['admin', 'organiser', 'commissaire'] },
    },
    async (request, reply) => {
      const created = await auth.createToken(actorOf(request), request.body.name, request.body.expiresInDays);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      schema: {
        operationId: 'listTokens',
        tags: ['auth'],
        summary: 'Your personal access tokens',
        response: { 200: z.object({ items: z.array(ApiToken) }), ...problems(401) },
      },
      config: { access: 'user' },
    },
    async (request) => ({ items: await auth.listTokens(actorOf(request)) }),
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        operationId: 'revokeToken',
        tags: ['auth'],
        summary: 'Revoke a personal access token',
        params: IdParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
      config: { access: ['admin', 'organiser', 'commissaire'] },
    },
    async (request, reply) => {
      await auth.revokeToken(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}

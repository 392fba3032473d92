import {
  AcceptInvitationBody,
  CreatedInvitation,
  CreateInvitationBody,
  IdParams,
  InvitationList,
  SessionInfo,
} from '@echelon/contracts';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE } from '../../http/auth.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { presentUser } from '../users/users.service.ts';
import type { InvitationsService } from './invitations.service.ts';

export interface InvitationRouteOptions {
  /** PUBLIC_URL: the invitation link is `<publicUrl>/invite?token=…`. */
  publicUrl: string;
  secureCookies: boolean;
  loginRateLimitPerMinute: number;
}

/** Invitations: admins invite by e-mail with a role; the invitee sets a name and password and is signed in. */
export function registerInvitationRoutes(
  app: ZodApp,
  invitations: InvitationsService,
  auth: AuthService,
  options: InvitationRouteOptions,
): void {
  const link = (secret: string) => {
    const url = new URL('/invite', options.publicUrl);
    url.searchParams.set('token', secret);
    return url.toString();
  };

  app.post(
    '/api/v1/invitations',
    {
      schema: {
        operationId: 'createInvitation',
        tags: ['users'],
        summary: 'Invite someone by e-mail with a role: returns a single-use link (no e-mail is sent)',
        description:
          'The link is shown once; hand it to the invitee. A new invitation for the same address revokes ' +
          'the earlier pending ones. An address that already has an account answers 409.',
        body: CreateInvitationBody,
        response: { 201: CreatedInvitation, ...problems(400, 401, 403, 409) },
      },
      config: { access: ['admin'] },
    },
    async (request, reply) => {
      const { invitation, secret } = await invitations.create(actorOf(request), request.body);
      return reply.status(201).send({ ...invitation, link: link(secret) });
    },
  );

  app.get(
    '/api/v1/invitations',
    {
      schema: {
        operationId: 'listInvitations',
        tags: ['users'],
        summary: 'Pending invitations: not accepted, revoked or expired',
        response: { 200: InvitationList, ...problems(401, 403) },
      },
      config: { access: ['admin'] },
    },
    async () => ({ items: await invitations.pending() }),
  );

  app.delete(
    '/api/v1/invitations/:id',
    {
      schema: {
        operationId: 'revokeInvitation',
        tags: ['users'],
        summary: 'Withdraw a pending invitation: its link stops working',
        params: IdParams,
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
      config: { access: ['admin'] },
    },
    async (request, reply) => {
      await invitations.revoke(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/invitations/accept',
    {
      schema: {
        operationId: 'acceptInvitation',
        tags: ['users'],
        summary: 'Accept an invitation: create the account with a name and password, and sign in',
        description:
          'The token is the `token` parameter of the invitation link. A wrong link answers 404, a used one ' +
          '409, a withdrawn or expired one 410. Sets the session cookie, like login.',
        body: AcceptInvitationBody,
        response: { 201: SessionInfo, ...problems(400, 404, 409, 410, 429) },
      },
      config: {
        access: 'public',
        rateLimit: { max: options.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const user = await invitations.accept(request.body);
      // Signed in with the password just set, through the ordinary login: same session rules.
      const { secret, session } = await auth.login(user.email, request.body.password);
      reply.setCookie(SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
        path: '/',
        expires: session.expiresAt,
      });
      return reply.status(201).send({
        user: presentUser(user),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      });
    },
  );
}

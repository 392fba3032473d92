import {
  AcceptedInvitation,
  AcceptInvitationBody,
  CreatedInvitation,
  CreateInvitationBody,
  IdParams,
  InvitationList,
  RegistrationParams,
  RiderInvitationBody,
} from '@echelon/contracts';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE } from '../../http/auth.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { presentUser } from '../users/users.service.ts';
import type { InvitationsService } from './invitations.service.ts';

const ORGANISERS = ['admin', 'organiser'] as const;

export interface InvitationRouteOptions {
  /** PUBLIC_URL: the invitation link is `<publicUrl>/invite?token=…`. */
  publicUrl: string;
  secureCookies: boolean;
  loginRateLimitPerMinute: number;
}

/**
 * Invitations: admins invite by e-mail with a role, a race's organisers invite the riders of its
 * registrations; the invitee sets a name and password and is signed in.
 */
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
    '/api/v1/registrations/:registrationId/rider-invitation',
    {
      schema: {
        operationId: 'createRiderInvitation',
        tags: ['tracking'],
        summary:
          'Invite the rider of a registration by e-mail: accepting creates a rider account linked to it',
        description:
          'For the race’s managers, when the rider has no Echelon account yet: the invitation has the rider ' +
          'role, and accepting it links the new account to this registration as PUT …/rider would. The ' +
          'link is shown once (no e-mail is sent). It replaces the registration’s pending invitation. An ' +
          'address that already has an account answers 409 pointing at `/email`: link that account instead; ' +
          'so does one with a pending invitation from an administrator or another race. A registration ' +
          'whose rider account is linked already answers 409.',
        params: RegistrationParams,
        body: RiderInvitationBody,
        response: { 201: CreatedInvitation, ...problems(400, 401, 403, 404, 409) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) => {
      const { invitation, secret } = await invitations.riders.invite(
        actorOf(request),
        request.params.registrationId,
        request.body,
      );
      return reply.status(201).send({ ...invitation, link: link(secret) });
    },
  );

  app.delete(
    '/api/v1/registrations/:registrationId/rider-invitation',
    {
      schema: {
        operationId: 'revokeRiderInvitation',
        tags: ['tracking'],
        summary: 'Withdraw the pending rider invitation of a registration: its link stops working',
        params: RegistrationParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) => {
      await invitations.riders.revoke(actorOf(request), request.params.registrationId);
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
          '409, a withdrawn or expired one 410. Sets the session cookie, like login. A rider invited for a ' +
          'registration rides it at once: `registrationId` names it.',
        body: AcceptInvitationBody,
        response: { 201: AcceptedInvitation, ...problems(400, 404, 409, 410, 429) },
      },
      config: {
        access: 'public',
        rateLimit: { max: options.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const { user, registrationId } = await invitations.accept(request.body);
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
        registrationId,
      });
    },
  );
}

import {
  DeviceGrantsRevoked,
  RegistrationParams,
  RegistrationRiderBody,
  RideInfo,
  TrackerSetup,
} from '@echelon/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../http/auth.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { IngestService } from '../ingest/ingest.service.ts';
import type { OAuthService } from './oauth.service.ts';
import { OAUTH_PATH } from './provider.ts';

const ORGANISERS = ['admin', 'organiser'] as const;

/**
 * Hands everything under /oauth to oidc-provider (a Koa app): Fastify steps aside (hijack) and leaves
 * the body unread, since the library parses its own form bodies. The interaction pages are routed
 * apart (oauth-interactions.ts) and win by being more specific.
 */
export async function mountProvider(http: FastifyInstance, oauth: OAuthService): Promise<void> {
  const callback = oauth.provider.callback();
  await http.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.route({
      method: ['GET', 'POST', 'OPTIONS'],
      url: `${OAUTH_PATH}/*`,
      schema: { hide: true },
      // Per client address: guessing device user codes or token values is throttled. Generous, since
      // a device polls its grant every few seconds and a race's riders may share one mobile address.
      config: { access: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
      handler: (request, reply) => {
        reply.hijack();
        const raw = request.raw as typeof request.raw & { originalUrl?: string };
        // oidc-provider finds its mount path from originalUrl minus url, as under Express.
        raw.originalUrl = raw.url;
        raw.url = raw.url!.slice(OAUTH_PATH.length) || '/';
        callback(raw, reply.raw);
      },
    });
  });
}

/** The REST side: revocation from the back office, rider links, and what the tracker app reads. */
export function registerOAuthRoutes(app: ZodApp, oauth: OAuthService, ingest: IngestService): void {
  app.delete(
    '/api/v1/registrations/:registrationId/device-grants',
    {
      schema: {
        operationId: 'revokeDeviceGrants',
        tags: ['tracking'],
        summary:
          'Disconnect every tracker of a registration: OAuth grants and their tokens, and device tokens',
        params: RegistrationParams,
        response: { 200: DeviceGrantsRevoked, ...problems(401, 403, 404) },
      },
      config: { access: ORGANISERS },
    },
    async (request) => oauth.revokeAll(actorOf(request), request.params.registrationId),
  );

  app.put(
    '/api/v1/registrations/:registrationId/rider',
    {
      schema: {
        operationId: 'setRegistrationRider',
        tags: ['tracking'],
        summary: 'Link the rider account that rides a registration (it may then connect its own trackers)',
        description:
          'Name the account by `userId` or by `email`. It must be an active rider, organiser or commissaire ' +
          'account (422 naming the field otherwise) that rides no other registration of the race (409). ' +
          'Linking another account ends the previous one’s OAuth grants for this registration. ' +
          '`{"userId": null}` unlinks, like DELETE.',
        params: RegistrationParams,
        body: RegistrationRiderBody,
        response: { 204: z.null(), ...problems(400, 401, 403, 404, 409, 422) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { registrationId } = request.params;
      const { userId, email } = request.body;
      if (userId === null) await oauth.unlinkRider(actor, registrationId, { required: false });
      else
        await oauth.linkRider(actor, registrationId, userId !== undefined ? { userId } : { email: email! });
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/registrations/:registrationId/rider',
    {
      schema: {
        operationId: 'unlinkRegistrationRider',
        tags: ['tracking'],
        summary: 'Unlink the rider account of a registration, ending the OAuth grants it made for it',
        params: RegistrationParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) => {
      await oauth.unlinkRider(actorOf(request), request.params.registrationId, { required: true });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/registrations/:registrationId/tracker-setup',
    {
      schema: {
        operationId: 'getTrackerSetup',
        tags: ['tracking'],
        summary:
          'How to configure Traccar Client, OsmAnd or OwnTracks for a registration (its rider or organisers)',
        params: RegistrationParams,
        response: { 200: TrackerSetup, ...problems(401, 403, 404) },
      },
      config: { access: 'user' },
    },
    async (request) => oauth.setup(actorOf(request), request.params.registrationId),
  );

  app.get(
    '/api/v1/ride',
    {
      schema: {
        operationId: 'getRide',
        tags: ['tracking'],
        summary: 'The registration a tracker sends for (OAuth access token or device token)',
        response: { 200: RideInfo, ...problems(401, 403) },
      },
      config: { access: 'device' },
    },
    async (request) => {
      const token = request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
      return oauth.ride(request.device ?? (token ? await ingest.riderForToken(token) : null));
    },
  );
}

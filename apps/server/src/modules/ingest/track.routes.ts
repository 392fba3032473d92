import { DeviceToken, IngestResult, RegistrationParams, TrackBatch } from '@echelon/contracts';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { actorOf, bearerOf } from '../../http/auth.ts';
import { unauthorized } from '../../http/problem.ts';
import { lazyRequestLogger, trackerOutcomeLog } from '../../http/tracker-log.ts';
import { problems, type ZodApp } from '../../http/types.ts';
import { CLOSE_CODES, ConnectionsPerAddress, closeIfOverBuffer } from '../../live/socket-limits.ts';
import type { DeviceTokensService } from './device-tokens.service.ts';
import type { TrackedRider } from './ingest.repository.ts';
import type { IngestService } from './ingest.service.ts';
import { mergeResults, readNativeFixes } from './native-fixes.ts';

const ORGANISERS = ['admin', 'organiser'] as const;

async function deviceOf(request: FastifyRequest, ingest: IngestService): Promise<TrackedRider> {
  if (request.device) return request.device; // an OAuth access token, resolved by installAuth
  const token = bearerOf(request) ?? (request.query as { token?: string } | undefined)?.token ?? null;
  if (!token) throw unauthorized('Send the device token as `Authorization: Bearer <token>`');
  const rider = await ingest.riderForToken(token);
  if (!rider) throw unauthorized('The device token is invalid or revoked');
  return rider;
}

async function ingestNative(ingest: IngestService, rider: TrackedRider, raw: unknown[]) {
  const { fixes, indexes, rejected } = readNativeFixes(raw);
  return mergeResults(await ingest.ingest(rider, fixes, 'native'), indexes, rejected);
}

export function registerTrackRoutes(
  app: ZodApp,
  ingest: IngestService,
  tokens: DeviceTokensService,
  maxSocketsPerAddress?: number,
): void {
  const connections = new ConnectionsPerAddress(maxSocketsPerAddress);
  app.post(
    '/api/v1/registrations/:registrationId/device-tokens',
    {
      schema: {
        operationId: 'createDeviceToken',
        tags: ['tracking'],
        summary: 'Issue a tracker token bound to one registration (shown once)',
        params: RegistrationParams,
        response: { 201: DeviceToken, ...problems(401, 403, 404) },
      },
      config: { access: ORGANISERS },
    },
    async (request, reply) =>
      reply.status(201).send(await tokens.create(actorOf(request), request.params.registrationId)),
  );

  app.delete(
    '/api/v1/registrations/:registrationId/device-tokens',
    {
      schema: {
        operationId: 'revokeDeviceTokens',
        tags: ['tracking'],
        summary: 'Revoke every tracker token of a registration',
        params: RegistrationParams,
        response: { 200: z.object({ revoked: z.number().int() }), ...problems(401, 403, 404) },
      },
      config: { access: ORGANISERS },
    },
    async (request) => ({ revoked: await tokens.revokeAll(actorOf(request), request.params.registrationId) }),
  );

  app.post(
    '/api/v1/track/batch',
    {
      schema: {
        operationId: 'trackBatch',
        tags: ['tracking'],
        summary: 'Send up to 1,000 fixes at once (e.g. after being offline), in any order',
        description:
          'Authenticated by a device token. Each fix is checked on its own: bad ones come back in `rejected` ' +
          'with their index and reason, the good ones are stored. A fix sent twice counts as a duplicate.',
        body: TrackBatch,
        response: { 200: IngestResult, ...problems(400, 401, 413) },
      },
      config: { access: 'device' },
      // Answers of a few dozen bytes: nothing to compress, and no hook to run for it.
      compress: false,
      onResponse: trackerOutcomeLog(),
      childLoggerFactory: lazyRequestLogger,
    },
    async (request) => ingestNative(ingest, await deviceOf(request, ingest), request.body.fixes),
  );

  app.get(
    '/api/v1/track',
    {
      schema: { hide: true },
      websocket: true,
      config: { access: 'device' },
      // The token is checked before the upgrade, so a bad one gets a plain 401, not a socket.
      preHandler: async (request) => {
        (request as FastifyRequest & { rider?: TrackedRider }).rider = await deviceOf(request, ingest);
      },
    },
    (socket: WebSocket, request) => {
      const rider = (request as FastifyRequest & { rider?: TrackedRider }).rider!;
      if (!connections.admit(socket, request.ip)) return;
      const forget = ingest.trackSocketOpened(rider.registrationId, () =>
        socket.close(CLOSE_CODES.revoked, 'This tracker’s access was revoked'),
      );
      socket.once('close', forget);
      socket.on('message', (data) => {
        if (closeIfOverBuffer(socket)) return;
        void handleTrackMessage(ingest, rider, String(data)).then(
          (answer) => socket.send(JSON.stringify(answer)),
          (error: unknown) => {
            request.log.error({ err: error }, 'track message failed');
            socket.send(JSON.stringify({ error: 'The server could not store these fixes; send them again' }));
          },
        );
      });
    },
  );
}

/** One WebSocket message: a fix, or `{ id?, fixes: [...] }`; the answer echoes `id` for matching. */
async function handleTrackMessage(ingest: IngestService, rider: TrackedRider, text: string) {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { error: 'Not JSON: send a fix or { "fixes": [...] }' };
  }
  const envelope = message as { id?: unknown; fixes?: unknown };
  const id = typeof envelope.id === 'string' || typeof envelope.id === 'number' ? envelope.id : undefined;
  const raw = Array.isArray(envelope.fixes) ? envelope.fixes : [message];
  if (raw.length > 1000) return { ...(id !== undefined && { id }), error: 'At most 1,000 fixes a message' };
  return { ...(id !== undefined && { id }), ...(await ingestNative(ingest, rider, raw)) };
}

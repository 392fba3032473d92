import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, unauthorized } from '../../http/problem.ts';
import { lazyRequestLogger, trackerOutcomeLog } from '../../http/tracker-log.ts';
import type { IngestService } from './ingest.service.ts';
import { decodeOwnTracks, type OwnTracksIdentity } from './protocols/index.ts';
import { ingestDecoded } from './third-party-ingest.ts';

function header(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function basicAuth(request: FastifyRequest): { user: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header(request, 'authorization') ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * OwnTracks in HTTP mode: a JSON message, the user and device from `?u=&d=`, the X-Limit-U/D headers or
 * the Basic-auth user. A Basic-auth password, when sent, must be a device token of that registration
 * (a token of any other rider is refused, like a wrong one).
 * The app expects a JSON array back (friends' positions; we send none).
 */
export function registerOwnTracksRoutes(app: FastifyInstance, ingest: IngestService): void {
  // `[]` as the answer: nothing to compress; only refused, failed and slow requests are logged.
  const options = { schema: { hide: true }, config: { access: 'device' as const } };
  app.post(
    '/owntracks',
    { ...options, compress: false, onResponse: trackerOutcomeLog(), childLoggerFactory: lazyRequestLogger },
    async (request, reply) => {
      const query = (request.query ?? {}) as Record<string, string | undefined>;
      const basic = basicAuth(request);
      const identity: OwnTracksIdentity = {
        user: query.u ?? header(request, 'x-limit-u') ?? basic?.user ?? null,
        device: query.d ?? header(request, 'x-limit-d') ?? null,
      };
      ingest.guesses.assertAllowed(request.ip);
      // A password proves one registration: the message may then only carry that registration's fixes.
      let registrationId: string | undefined;
      if (basic?.password) {
        const rider = await ingest.riderForToken(basic.password);
        if (!rider) {
          ingest.guesses.miss(request.ip);
          throw unauthorized('The password is not a valid device token');
        }
        registrationId = rider.registrationId;
      }
      const result = await ingestDecoded(ingest, decodeOwnTracks(request.body, identity), 'owntracks', {
        address: request.ip,
        ...(registrationId !== undefined && { registrationId }),
      });
      // As for OsmAnd: a message whose every fix is refused is answered with why (the field named).
      const reason = result.rejected[0]?.reason;
      if (result.accepted + result.duplicates === 0 && reason) throw badRequest(`Fix refused: ${reason}`);
      return reply.status(200).send([]);
    },
  );
}

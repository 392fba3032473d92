import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../../http/problem.ts';
import { lazyRequestLogger, trackerOutcomeLog } from '../../http/tracker-log.ts';
import type { IngestService } from './ingest.service.ts';
import { decodeOsmAndJson, decodeOsmAndQuery, paramsFromQueryString } from './protocols/index.ts';
import { ingestDecoded } from './third-party-ingest.ts';

/**
 * The OsmAnd protocol as Traccar Client speaks it: a query string (GET or POST), a form body, or the
 * newer JSON body. Success is an empty 200, which is what the app waits for before dropping a fix.
 */
export function registerOsmAndRoutes(app: FastifyInstance, ingest: IngestService, paths: string[]): void {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
  }
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const body = request.body;
    let decoded: ReturnType<typeof decodeOsmAndQuery>;
    if (body !== undefined && body !== null && typeof body === 'object') decoded = decodeOsmAndJson(body);
    else if (query.length > 0) decoded = decodeOsmAndQuery(paramsFromQueryString(query));
    else if (typeof body === 'string' && body.length > 0)
      decoded = decodeOsmAndQuery(paramsFromQueryString(body));
    else throw badRequest('No position: send OsmAnd parameters (id, lat, lon, timestamp…) or a JSON body');
    const result = await ingestDecoded(ingest, decoded, 'osmand', { address: request.ip });
    const reason = result.rejected[0]?.reason;
    // A fix with no position (cell/wifi only) is acknowledged, as Traccar does; an invalid one is not.
    if (result.accepted + result.duplicates === 0 && reason && reason !== 'the message carries no position') {
      throw badRequest(`Fix refused: ${reason}`);
    }
    return reply.status(200).send('');
  };
  const onResponse = trackerOutcomeLog();
  for (const url of paths) {
    app.route({
      method: ['GET', 'POST'],
      url,
      schema: { hide: true },
      config: { access: 'device' },
      // An empty answer: nothing to compress; only refused, failed and slow requests are logged.
      compress: false,
      onResponse,
      childLoggerFactory: lazyRequestLogger,
      handler,
    });
  }
}

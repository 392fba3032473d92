import Fastify from 'fastify';
import { installErrorHandling } from '../../http/error-handler.ts';
import { fastifyTrustProxy, type TrustProxy } from '../../http/trust-proxy.ts';
import type { IngestService } from './ingest.service.ts';
import { registerOsmAndRoutes } from './osmand.routes.ts';

/**
 * OSMAND_PORT: a port that speaks only the OsmAnd protocol, at `/` as well as `/osmand`, because
 * Traccar Client is usually pointed at http://host:5055 with no path.
 */
export async function startOsmAndListener(
  port: number,
  host: string,
  ingest: IngestService,
  trustProxy: TrustProxy = false,
) {
  const app = Fastify({ logger: false, trustProxy: fastifyTrustProxy(trustProxy) });
  installErrorHandling(app);
  registerOsmAndRoutes(app, ingest, ['/', '/osmand']);
  await app.listen({ port, host });
  const bound = app.server.address();
  return { port: typeof bound === 'object' && bound ? bound.port : port, close: () => app.close() };
}

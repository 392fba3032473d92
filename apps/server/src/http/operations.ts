import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { problemBody } from './problem.ts';

/** /healthz (the process answers), /readyz (the database answers), /metrics (Prometheus). */
export function installOperations(app: FastifyInstance, ping: () => Promise<void>): Registry {
  // A registry per app: tests build many apps in one process, and each must count only its own.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'echelon_' });
  const duration = new Histogram({
    name: 'echelon_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  // Callback-style: it runs on every request, thousands a second from trackers.
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, not the URL: one series per endpoint, not per race id.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await ping();
      return { status: 'ready', database: 'ok' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply
        .status(503)
        .type('application/problem+json; charset=utf-8')
        .send(JSON.stringify(problemBody(503, 'The database is not reachable')));
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}

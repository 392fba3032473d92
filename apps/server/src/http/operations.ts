import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { hooksOf } from './auth.ts';
import { problemBody } from './problem.ts';

/**
 * The request duration histogram, counted by each route's own onResponse hook: a global hook would
 * build request.routeOptions (a fresh object) on every request to learn the route's pattern. Install
 * before any route is registered; requests no route takes are counted as `unmatched`.
 */
export function installRequestMetrics(app: FastifyInstance): Registry {
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
  // Callback-style, with each route's label sets made once per status: thousands a second from trackers.
  const observer = (route: string) => {
    const labels = new Map<string, Record<'method' | 'route' | 'status', string>>();
    return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const method = request.method;
      const status = reply.statusCode;
      const key = `${method} ${status}`;
      let set = labels.get(key);
      if (set === undefined) {
        set = { method, route, status: String(status) };
        labels.set(key, set);
      }
      duration.observe(set, reply.elapsedTime / 1000);
      done();
    };
  };
  // The route pattern, not the URL: one series per endpoint, not per race id.
  app.addHook('onRoute', (route) => {
    route.onResponse = [observer(route.url), ...hooksOf(route.onResponse)] as typeof route.onResponse;
  });
  // A request no route took (404, or a route that handed it to the not-found handler) runs only the
  // global hooks, its context's own: is404 reads that context, no object built.
  const unmatched = observer('unmatched');
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) return unmatched(request, reply, done);
    done();
  });
  return registry;
}

/** /healthz (the process answers), /readyz (the database answers), /metrics (Prometheus). */
export function installOperations(app: FastifyInstance, ping: () => Promise<void>, registry: Registry): void {
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
}

import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installErrorHandling } from '../../src/http/error-handler.ts';
import { installRoleFilter } from '../../src/roles/role-routes.ts';

/** A bare app of one role with a route of each part, registered after the filter as buildApp does. */
async function appOf(role: 'api' | 'ingest' | 'gateway') {
  const http = Fastify({ logger: false });
  installErrorHandling(http);
  installRoleFilter(http, role);
  http.get('/healthz', async () => ({ status: 'ok' }));
  http.get('/api/v1/races', async () => []);
  http.post('/api/v1/track/batch', async () => ({ accepted: 1 }));
  http.route({ method: ['GET', 'POST'], url: '/osmand', handler: async () => '' });
  // The live feed is the gateway's on GET only; any other method of it is the API's.
  http.route({ method: ['GET', 'POST'], url: '/api/v1/live', handler: async () => 'live' });
  await http.ready();
  return http;
}

describe('role filter', () => {
  it("answers the role's own routes and operations, and 404s the others with the role that serves them", async () => {
    const ingest = await appOf('ingest');
    expect((await ingest.inject({ method: 'POST', url: '/api/v1/track/batch' })).statusCode).toBe(200);
    expect((await ingest.inject('/osmand?id=1')).statusCode).toBe(200);
    expect((await ingest.inject({ method: 'POST', url: '/osmand' })).statusCode).toBe(200);
    expect((await ingest.inject('/healthz')).statusCode).toBe(200);
    const refused = await ingest.inject('/api/v1/races');
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().detail).toBe(
      'This is an Echelon ingest process; GET /api/v1/races is served by the api role',
    );
    await ingest.close();

    const api = await appOf('api');
    expect((await api.inject('/api/v1/races')).statusCode).toBe(200);
    expect((await api.inject({ method: 'POST', url: '/api/v1/track/batch' })).statusCode).toBe(404);
    expect((await api.inject('/api/v1/live')).json().detail).toContain('served by the gateway role');
    expect((await api.inject({ method: 'POST', url: '/api/v1/live' })).statusCode).toBe(200);
    await api.close();

    const gateway = await appOf('gateway');
    expect((await gateway.inject('/api/v1/live')).statusCode).toBe(200);
    expect((await gateway.inject({ method: 'POST', url: '/api/v1/live' })).statusCode).toBe(404);
    await gateway.close();
  });
});

import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installAuth, SESSION_COOKIE } from '../../src/http/auth.ts';
import type { AuthService } from '../../src/modules/auth/auth.service.ts';

/** An auth service whose database is down: every session lookup fails. */
const unreachable = {
  resolveSession: async () => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  },
} as unknown as AuthService;

async function app() {
  const http = Fastify({ logger: false });
  await http.register(cookie);
  installAuth(http, unreachable);
  const who = async (request: { actor: unknown }) => ({ anonymous: request.actor === null });
  http.get('/api/v1/live-like', { config: { access: 'public', session: 'best-effort' } }, who);
  http.get('/api/v1/other', { config: { access: 'public' } }, who);
  return http;
}

describe('session lookup during a database outage', () => {
  it('serves a best-effort route to a signed-in caller as a guest, and fails the others', async () => {
    const http = await app();
    const headers = { cookie: `${SESSION_COOKIE}=some-session` };
    const live = await http.inject({ method: 'GET', url: '/api/v1/live-like', headers });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ anonymous: true });
    const other = await http.inject({ method: 'GET', url: '/api/v1/other', headers });
    expect(other.statusCode).toBeGreaterThanOrEqual(500);
    await http.close();
  });
});

import type { Role } from '@echelon/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../modules/auth/actor.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import type { TrackedRider } from '../modules/ingest/ingest.repository.ts';
import { forbidden, unauthorized } from './problem.ts';

export const SESSION_COOKIE = 'echelon_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Who may call a route, checked before the body is even validated: 'public' (anyone), 'user' (any
 * signed-in account), 'device' (a tracker, whose credential the route itself checks), or a list of roles. Per-race rights (an organiser's own races) are the
 * services' to check, since they need the race.
 */
export type Access = 'public' | 'user' | 'device' | readonly Role[];

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** On 'device' routes: the rider an OAuth access token sends for (device tokens resolve in the route). */
    device: TrackedRider | null;
  }
  interface FastifyContextConfig {
    access?: Access;
    /**
     * 'best-effort': when the session cannot be looked up (the database is down), carry on as an
     * anonymous caller instead of failing — the live feed keeps public races going through an outage.
     */
    session?: 'best-effort';
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

/** Resolves an OAuth access token to its rider: null when it is none of ours, a 403 when it may not track. */
export type DeviceResolver = (token: string) => Promise<TrackedRider | null>;

/**
 * Install before any route is registered: each route gets its own hook as it is added (onRoute).
 */
export function installAuth(app: FastifyInstance, auth: AuthService, oauthDevices?: DeviceResolver): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('device', null);

  // The hook is the route's own, with its access rule read once here: a global hook would build
  // request.routeOptions (a fresh object) on every request to find it, trackers' thousands included.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && route.config?.access === undefined) {
      throw new Error(`Route ${route.method} ${route.url} must declare config.access`);
    }
    const access: Access = route.config?.access ?? 'public';
    const hook = access === 'device' ? deviceHook : accessHook(auth, access);
    route.preValidation = [hook, ...hooksOf(route.preValidation)] as typeof route.preValidation;
  });

  // Callback-style: trackers call a device route thousands of times a second, and a device token (the
  // route checks it) needs no promise here at all.
  const deviceHook = (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    const token = bearerOf(request) ?? (request.query as { token?: string } | undefined)?.token;
    // Native device tokens start `ech_`; anything else may be an OAuth access token.
    if (!token || !oauthDevices || token.startsWith('ech_')) return done();
    oauthDevices(token).then((device) => {
      request.device = device;
      done();
    }, done);
  };
}

function accessHook(auth: AuthService, access: Exclude<Access, 'device'>) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    authenticate(request, auth, access).then(() => done(), done);
  };
}

/** A route option's hooks as a new array (never the route's own, which other plugins may push to). */
export function hooksOf(hooks: unknown): unknown[] {
  if (hooks === undefined || hooks === null) return [];
  return Array.isArray(hooks) ? [...hooks] : [hooks];
}

/** The caller of a non-device route: bearer token or session cookie, then the route's access rule. */
async function authenticate(request: FastifyRequest, auth: AuthService, access: Exclude<Access, 'device'>) {
  const bearer = bearerOf(request);
  if (bearer) {
    request.actor = await auth.resolveBearer(bearer);
    if (!request.actor) throw unauthorized('The bearer token is invalid, expired or revoked');
  } else {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) request.actor = await sessionActor(request, auth, cookie);
  }

  if (access === 'public') return;
  const actor = request.actor;
  if (!actor) throw unauthorized();
  if (MUTATING.has(request.method) && !auth.checkCsrf(actor, headerValue(request, CSRF_HEADER))) {
    throw forbidden(
      `Missing or wrong ${CSRF_HEADER} header: send the csrfToken from login or GET /api/v1/session`,
    );
  }
  if (access !== 'user' && !access.includes(actor.role)) {
    throw forbidden(`This needs one of the roles: ${access.join(', ')}`);
  }
}

async function sessionActor(request: FastifyRequest, auth: AuthService, cookie: string) {
  try {
    return (await auth.resolveSession(cookie))?.actor ?? null;
  } catch (error) {
    if (request.routeOptions.config.session !== 'best-effort') throw error;
    request.log.warn({ err: error }, 'session lookup failed; serving the request anonymously');
    return null;
  }
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The signed-in caller, for routes whose access already guarantees one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}

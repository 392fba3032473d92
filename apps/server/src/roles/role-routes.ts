import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../config.ts';
import { hooksOf } from '../http/auth.ts';
import { notFound } from '../http/problem.ts';

type Part = 'api' | 'ingest' | 'processor' | 'gateway';

/** Whether a process of `role` does `part`: `all` does everything. */
export function runs(role: Role, part: Part): boolean {
  return role === 'all' || role === part;
}

const OPERATIONS = new Set(['/healthz', '/readyz', '/metrics']);
const INGEST = ['/api/v1/track', '/osmand', '/owntracks'];
const GATEWAY = new Set(['/api/v1/live', '/api/v1/stages/:stageId/live']);

/** The part a route pattern belongs to, as the load balancer (deploy/nginx.conf) sends requests. */
export function partOf(method: string, url: string): Part | 'operations' {
  if (OPERATIONS.has(url)) return 'operations';
  if (INGEST.some((prefix) => url === prefix || url.startsWith(`${prefix}/`))) return 'ingest';
  if (method === 'GET' && GATEWAY.has(url)) return 'gateway';
  return 'api';
}

/**
 * Every process registers the same routes (one app builder); a role answers only its own and 404s the
 * rest, so a misrouted request fails plainly instead of running where its services are idle. Decided
 * per route as it is added (install before any route): the role's own routes, trackers' included, run
 * no hook for it at all.
 */
export function installRoleFilter(http: FastifyInstance, role: Role): void {
  if (role === 'all') return;
  http.addHook('onRoute', (route) => {
    const url = route.url;
    const servedBy = (method: string) => {
      const part = partOf(method, url);
      return part === 'operations' || part === role ? null : part;
    };
    if ([route.method].flat().every((method) => servedBy(method) === null)) return;
    const refuse = async (request: FastifyRequest) => {
      const part = servedBy(request.method);
      if (part !== null) {
        throw notFound(
          `This is an Echelon ${role} process; ${request.method} ${url} is served by the ${part} role`,
        );
      }
    };
    route.onRequest = [refuse, ...hooksOf(route.onRequest)] as typeof route.onRequest;
  });
}

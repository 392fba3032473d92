import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { SESSION_COOKIE } from './auth.ts';
import { type CacheFacts, CacheFactsRepository } from './cache-facts.repository.ts';
import { acceptedEncoding, type EncodedBodies } from './kept-encodings.ts';
import { publicReadKey } from './public-read-key.ts';
import type { KeptAnswer, LoadTicket, PublicReadsCache } from './public-reads-cache.ts';
import { ReadGate } from './read-gate.ts';

/**
 * How long a public answer may be kept. `settled`: it will not change any more short of an audited
 * reopening (official results, a finished stage's replay, an official race); `changing`: provisional
 * results and a race still being run; `listing`: lists across races; `tick`: live data.
 */
type Freshness = 'settled' | 'changing' | 'listing' | 'tick';

/**
 * The cache policy of each public GET, by route: what its answer is (which decides when it is
 * settled) and whether it names a race (whose visibility decides who may keep it). Routes not listed
 * here are never cached (`private, no-store`).
 */
type RouteKind = 'details' | 'results' | 'replay' | 'live' | 'listing';

export const CACHE_POLICIES: Readonly<Record<string, RouteKind>> = {
  '/api/v1/races': 'listing',
  '/api/v1/statistics': 'listing',
  '/api/v1/races/:raceId': 'details',
  '/api/v1/races/:raceId/stages': 'details',
  '/api/v1/races/:raceId/registrations': 'details',
  '/api/v1/races/:raceId/categories': 'details',
  '/api/v1/stages/:stageId': 'details',
  '/api/v1/stages/:stageId/course': 'details',
  '/api/v1/stages/:stageId/checkpoints': 'details',
  '/api/v1/stages/:stageId/start-times': 'details',
  '/api/v1/stages/:stageId/results': 'results',
  '/api/v1/stages/:stageId/results/:registrationId/evidence': 'results',
  '/api/v1/stages/:stageId/decisions': 'results',
  '/api/v1/races/:raceId/classifications/:kind': 'results',
  '/api/v1/races/:raceId/statistics': 'results',
  '/api/v1/registrations/:registrationId/profile': 'results',
  '/api/v1/stages/:stageId/tracks': 'replay',
  '/api/v1/stages/:stageId/live': 'live',
};

/** Settled: browsers keep it 5 min, a CDN an hour, and may serve it stale for a day while it refetches. */
const SETTLED = 'public, max-age=300, s-maxage=3600, stale-while-revalidate=86400';
const CHANGING = 'public, max-age=5, s-maxage=5, stale-while-revalidate=30';
const LISTING = 'public, max-age=10, s-maxage=10, stale-while-revalidate=60';
/** Unlisted and private races, and answers about the API's own state: nobody keeps them. */
export const NOT_STORED = 'private, no-store';
/** A signed-in caller's answer may differ from the public one: only their browser keeps it, revalidating. */
const PERSONAL = 'private, no-cache';

const FINAL_RACE_STATUSES = new Set(['official', 'cancelled']);

function freshnessOf(kind: RouteKind, facts: CacheFacts | null): Freshness {
  if (kind === 'listing') return 'listing';
  if (kind === 'live') return 'tick';
  const raceFinal = facts !== null && FINAL_RACE_STATUSES.has(facts.status);
  if (kind === 'replay') return facts?.stage?.finished || raceFinal ? 'settled' : 'changing';
  if (kind === 'results' && facts?.stage) return facts.stage.approved || raceFinal ? 'settled' : 'changing';
  return raceFinal ? 'settled' : 'changing';
}

export function cacheControlOf(freshness: Freshness, tickMs: number): string {
  switch (freshness) {
    case 'settled':
      return SETTLED;
    case 'changing':
      return CHANGING;
    case 'listing':
      return LISTING;
    case 'tick': {
      const seconds = Math.max(1, Math.round(tickMs / 1000));
      return `public, max-age=${seconds}, s-maxage=${seconds}, stale-while-revalidate=${seconds}`;
    }
  }
}

/** A weak validator over the body as it is (before compression: every coding of it shares it, weak). */
export function etagOf(payload: string | Buffer): string {
  return `W/"${createHash('sha1').update(payload).digest('base64url')}"`;
}

/** RFC 9110 §13.1.2: If-None-Match with weak comparison; `*` matches any current representation. */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

/** RFC 9110 §13.1.3: not modified since, at HTTP dates' one-second resolution. */
function unmodifiedSince(header: string, lastModified: Date): boolean {
  const since = Date.parse(header);
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

const signedIn = (request: FastifyRequest) =>
  request.actor !== null ||
  request.headers.authorization !== undefined ||
  request.cookies?.[SESSION_COOKIE] !== undefined;

const SESSION_IN_COOKIES = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=`);

/**
 * Before authentication and cookie parsing run: a request that carries credentials of any kind may get
 * an answer of its own, so only requests without them share the kept public answers.
 */
const anonymous = (request: FastifyRequest) =>
  request.headers.authorization === undefined && !SESSION_IN_COOKIES.test(request.headers.cookie ?? '');

/** Which answers are kept whole in the process: public reads that change with events, not with time. */
const keptKinds = new Set<RouteKind>(['details', 'results', 'replay', 'listing']);

/** Routes whose answer spans races: any race's change drops it (a rider's page lists the person's races). */
const ACROSS_RACES = new Set([
  '/api/v1/races',
  '/api/v1/statistics',
  '/api/v1/registrations/:registrationId/profile',
]);

function notModifiedBy(request: FastifyRequest, etag: string, lastModified: Date | null): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  return ifNoneMatch !== undefined
    ? noneMatch(ifNoneMatch, etag)
    : ifModifiedSince !== undefined &&
        lastModified !== null &&
        unmodifiedSince(ifModifiedSince, lastModified);
}

/** The compressed bodies of answers sent whole (sendWhole), for the kept answer to take as they are. */
const compressedAlready = new WeakMap<FastifyRequest, () => Promise<EncodedBodies | null>>();

/**
 * Sends an answer's JSON as it is (the route's serialisation already done, as a stored answer was) with
 * where its body compressed already comes from: if the answer is kept, it keeps those compressions
 * instead of making them.
 */
export function sendWhole(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: { body: string; encoded: () => Promise<EncodedBodies | null> },
) {
  compressedAlready.set(request, answer.encoded);
  return reply.type('application/json; charset=utf-8').send(answer.body);
}

/** Whether the request accepts a compressed body (a stored answer's compressions are then read at once). */
export const acceptsCompressed = (request: FastifyRequest) =>
  acceptedEncoding(request.headers['accept-encoding']) !== null;

/** A kept answer's body differs by the request's Accept-Encoding as well as by who asks. */
const KEPT_VARY = 'Cookie, Authorization, Accept-Encoding';

/**
 * The kept body in the coding the request asks for, compressed when it was kept, with its
 * Content-Encoding set (which tells the on-the-fly compression it is done); the body as it is for a
 * request that asks for none, or when compressing it failed.
 */
async function keptBody(request: FastifyRequest, reply: FastifyReply, answer: KeptAnswer) {
  const coding = acceptedEncoding(request.headers['accept-encoding']);
  const encoded = coding === null ? null : await answer.encoded;
  if (coding === null || encoded === null) return answer.body;
  reply.header('content-encoding', coding);
  return encoded[coding];
}

/** Sends a kept answer as it was first sent, or a 304 when the caller already has it. */
async function sendKept(request: FastifyRequest, reply: FastifyReply, answer: KeptAnswer) {
  reply.header('vary', KEPT_VARY);
  reply.header('cache-control', answer.cacheControl);
  reply.header('etag', answer.etag);
  if (answer.lastModified) reply.header('last-modified', answer.lastModified);
  const lastModified = answer.lastModified === null ? null : new Date(answer.lastModified);
  if (notModifiedBy(request, answer.etag, lastModified)) return reply.code(304).send('');
  if (answer.contentType) reply.header('content-type', answer.contentType);
  return reply.send(await keptBody(request, reply, answer));
}

/**
 * HTTP caching for public reads, fit for a CDN: validators (ETag over the answer, Last-Modified where
 * the results' time is known), 304 answers to If-None-Match / If-Modified-Since, and a Cache-Control
 * chosen per route (CACHE_POLICIES) from the race the route names — never public for private or
 * unlisted races, never shared for a signed-in caller (`Vary: Cookie, Authorization` tells a cache the
 * answer depends on them). Runs at onSend, after the handler, so the facts describe what was served.
 */
export function installPublicCache(
  app: FastifyInstance,
  db: Db,
  options: { tickMs: number; kept: PublicReadsCache; missesAtOnce?: number },
): void {
  const facts = new CacheFactsRepository(db);
  const kept = options.kept;
  const tickets = new WeakMap<FastifyRequest, LoadTicket>();
  const finishers = new WeakMap<FastifyRequest, () => void>();
  // Public reads that miss queue here, a few at a time: on the embedded database (one connection) a
  // crowd of cold reads would otherwise sit ahead of every fix insert.
  const gate = new ReadGate(options.missesAtOnce ?? 2);

  const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.routeOptions.url;
    const kind = url === undefined ? undefined : CACHE_POLICIES[url];
    if (request.method !== 'GET' || !kind || !keptKinds.has(kind) || !anonymous(request)) return;
    // One rider's tracks are replayed from the raw fixes on demand: only a stored answer is kept.
    if (kind === 'replay' && (request.query as { registrationId?: unknown }).registrationId !== undefined)
      return;
    // Junk query parameters name the same answer: a stranger's random query strings cost no computation.
    const name = publicReadKey(request);
    if (name === null) return;
    const { key, family } = name;
    let answer = kept.get(key);
    if (!answer) {
      const computing = kept.waitFor(key);
      if (computing) answer = (await computing) ?? undefined;
    }
    if (answer) return sendKept(request, reply, answer);
    const ticket = kept.begin(key, family);
    const done = { closed: false, release: null as (() => void) | null };
    tickets.set(request, ticket);
    finishers.set(request, () => {
      // Whatever was not kept: the reads waiting for this one compute their own answers.
      kept.abandon(ticket);
      done.closed = true;
      done.release?.();
    });
    // Settled when the answer is sent; a request that fails or is cut off earlier ends the same way.
    reply.raw.once('close', () => finishers.get(request)?.());
    done.release = await gate.enter();
    if (done.closed) done.release();
  };
  const settle = async (request: FastifyRequest) => finishers.get(request)?.();

  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const url = request.routeOptions.url;
    if (!url?.startsWith('/api/v1/') || (request.method !== 'GET' && request.method !== 'HEAD'))
      return payload;
    if (reply.hasHeader('cache-control')) return payload;
    const ticket = tickets.get(request);
    const kind = CACHE_POLICIES[url];
    if (!kind || reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
      reply.header('cache-control', NOT_STORED);
      return payload;
    }
    const params = request.params as { raceId?: string; stageId?: string; registrationId?: string };
    const named = params.raceId ?? params.stageId ?? params.registrationId;
    const race = named === undefined ? null : await facts.ofRoute(params);
    if (named !== undefined && (race === null || race.visibility !== 'public')) {
      reply.header('cache-control', NOT_STORED);
      return payload;
    }
    reply.header('vary', 'Cookie, Authorization');
    const personal = signedIn(request);
    const cacheControl = personal ? PERSONAL : cacheControlOf(freshnessOf(kind, race), options.tickMs);
    reply.header('cache-control', cacheControl);
    const etag = etagOf(payload);
    reply.header('etag', etag);
    const lastModified = kind === 'results' || kind === 'replay' ? (race?.lastModified ?? null) : null;
    if (lastModified) reply.header('last-modified', lastModified.toUTCString());
    let keptAnswer: KeptAnswer | null = null;
    if (ticket && !personal && keptKinds.has(kind)) {
      const contentType = reply.getHeader('content-type');
      keptAnswer = kept.store(
        ticket,
        {
          body: payload,
          contentType: contentType === undefined ? null : String(contentType),
          etag,
          cacheControl,
          lastModified: lastModified?.toUTCString() ?? null,
          raceId: ACROSS_RACES.has(url) ? null : (race?.raceId ?? null),
        },
        compressedAlready.get(request),
      );
    }
    if (!notModifiedBy(request, etag, lastModified)) {
      if (keptAnswer === null) return payload;
      // The read that computed it sends what every hit will: the body compressed once, as kept.
      reply.header('vary', KEPT_VARY);
      return keptBody(request, reply, keptAnswer);
    }
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    return '';
  };

  // Per route, not global: only the API's GET (and HEAD) routes pay for these hooks, the kept kinds for
  // all four; a tracker's POST runs none. Put first, where the global hooks ran: before compression's.
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!route.url.startsWith('/api/v1/') || !methods.some((m) => m === 'GET' || m === 'HEAD')) return;
    route.onSend = [onSend, ...hooksOf(route.onSend)] as typeof route.onSend;
    const kind = CACHE_POLICIES[route.url];
    if (!kind || !keptKinds.has(kind)) return;
    route.onRequest = [onRequest, ...hooksOf(route.onRequest)] as typeof route.onRequest;
    route.onResponse = [settle, ...hooksOf(route.onResponse)] as typeof route.onResponse;
    route.onRequestAbort = [settle, ...hooksOf(route.onRequestAbort)] as typeof route.onRequestAbort;
  });
}

/** A route option's hooks as a new array (never the route's own, which other plugins push to). */
function hooksOf(hooks: unknown): unknown[] {
  if (hooks === undefined || hooks === null) return [];
  return Array.isArray(hooks) ? [...hooks] : [hooks];
}

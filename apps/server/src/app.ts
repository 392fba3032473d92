import type { LiveSettings } from '@echelon/domain';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from './db/client.ts';
import { installAuth } from './http/auth.ts';
import { DEFAULT_TILES, registerClientConfig } from './http/client-config.ts';
import { installErrorHandling, sendFrameworkProblem } from './http/error-handler.ts';
import { requestLogSerializers } from './http/log-redaction.ts';
import { installOpenApi } from './http/openapi.ts';
import { installOperations, installRequestMetrics } from './http/operations.ts';
import { installPublicCache } from './http/public-cache.ts';
import { forgetOnControl } from './http/public-reads-invalidation.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { registerServerTime } from './http/server-time.ts';
import { installSetupPage } from './http/setup-page.ts';
import { installTextBodies } from './http/text-bodies.ts';
import { requestLogController } from './http/tracker-log.ts';
import { fastifyTrustProxy, type TrustProxy } from './http/trust-proxy.ts';
import { installCompression, installWebApp } from './http/web-app.ts';
import { registerLiveRoutes } from './live/live.routes.ts';
import { registerAuthRoutes } from './modules/auth/auth.routes.ts';
import { MAX_COURSE_BYTES, registerCourseRoutes } from './modules/courses/courses.routes.ts';
import { registerDeadLetterMetric, registerDeadLetterRoutes } from './modules/ingest/dead-letters.routes.ts';
import { registerOsmAndRoutes } from './modules/ingest/osmand.routes.ts';
import { registerOwnTracksRoutes } from './modules/ingest/owntracks.routes.ts';
import { registerSosRoutes } from './modules/ingest/sos.routes.ts';
import { registerTrackRoutes } from './modules/ingest/track.routes.ts';
import { registerInvitationRoutes } from './modules/invitations/invitations.routes.ts';
import { mountProvider, registerOAuthRoutes } from './modules/oauth/oauth.routes.ts';
import { OAuthService } from './modules/oauth/oauth.service.ts';
import { registerInteractions } from './modules/oauth/oauth-interactions.ts';
import type { OAuthKeys } from './modules/oauth/oauth-keys.ts';
import { registerRaceRoutes } from './modules/races/races.routes.ts';
import { registerRegistrationRoutes } from './modules/registrations/registrations.routes.ts';
import { registerReplayRoutes } from './modules/replay/replay.routes.ts';
import { registerDecisionRoutes } from './modules/results/decisions.routes.ts';
import { registerResultRoutes } from './modules/results/results.routes.ts';
import { registerTrackReviewRoutes } from './modules/results/track-review.routes.ts';
import { registerRiderRoutes } from './modules/riders/riders.routes.ts';
import { registerStageRoutes } from './modules/stages/stages.routes.ts';
import { registerStatsRoutes } from './modules/stats/stats.routes.ts';
import { registerUserRoutes } from './modules/users/users.routes.ts';
import type { Cluster } from './roles/cluster.ts';
import { installRoleFilter, runs } from './roles/role-routes.ts';
import { createServices, type Services } from './services.ts';

export interface AppOptions {
  database: Database;
  publicUrl: string;
  logLevel: string;
  loginRateLimitPerMinute: number;
  sessionTtlDays: number;
  /** Live feed tick, ms (default 1000). */
  tickMs?: number;
  live?: Partial<LiveSettings>;
  /** Fixes implying a faster move (m/s) are dropped (default 30). */
  maxFixSpeed?: number;
  /** The spectator web app's build folder, served at `/`; without one `/` opens the API reference. */
  webDistDir?: string | null;
  /** Map tiles the web app uses (TILE_URL); OpenStreetMap's by default. */
  tiles?: { url: string | null; attribution: string };
  /** Roles on NATS (`NATS_URL`): the process's role, bus, leases and snapshot store. */
  cluster?: Cluster;
  /** OAuth keys shared by every api process (OAUTH_COOKIE_KEYS, OAUTH_JWKS); by default its own. */
  oauthKeys?: OAuthKeys | null;
  /** Whose X-Forwarded-For is believed (TRUST_PROXY); nobody's by default. */
  trustProxy?: TrustProxy;
  /** Open WebSockets one client address may hold (WS_MAX_CONNECTIONS_PER_ADDRESS). */
  maxSocketsPerAddress?: number;
}

export interface App {
  http: FastifyInstance;
  services: Services;
}

/** Builds the HTTP API (the `api` role): plugins, error handling, operations endpoints and every route. */
export async function buildApp(options: AppOptions): Promise<App> {
  const http = Fastify({
    logger:
      options.logLevel === 'silent'
        ? false
        : { level: options.logLevel, serializers: requestLogSerializers as never },
    // Tracker routes log only refusals, failures and slow requests (tracker-log.ts), not two lines each.
    logController: requestLogController(),
    // Only the proxies TRUST_PROXY names: otherwise any client picks the address rate limits key on.
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    // Course files travel as multipart (own limit); JSON bodies stay small.
    bodyLimit: 2 * 1024 * 1024,
    // A URL the router cannot take (bad encoding, a parameter over 100 characters) is a problem too.
    frameworkErrors: (error, request, reply) => sendFrameworkProblem(error, request, reply),
  });
  http.setValidatorCompiler(validatorCompiler);
  http.setSerializerCompiler(serializerCompiler);
  installErrorHandling(http);
  installSecurityHeaders(http, { tileUrl: (options.tiles ?? DEFAULT_TILES).url });
  installTextBodies(http);

  const services = createServices(
    options.database.db,
    {
      sessionTtlDays: options.sessionTtlDays,
      tickMs: options.tickMs ?? 1000,
      live: options.live ?? {},
      maxFixSpeed: options.maxFixSpeed ?? 30,
      // 4 of the write pool's 10 connections: the rest stay for credential lookups and the API.
      fixWriteConcurrency: options.database.kind === 'postgres' ? 4 : 1,
      ...(options.cluster && { cluster: options.cluster }),
    },
    http.log,
    options.database.readDb,
  );
  const role = options.cluster?.role ?? 'all';

  // Before compression, whose per-route hook then compresses what this one decided to send.
  installPublicCache(http, options.database.readDb, {
    tickMs: options.tickMs ?? 1000,
    kept: services.publicReads,
  });
  // These three give each route its own hooks as it is added, so they come before any route. The role
  // filter after the public cache: its refusal then runs ahead of a kept answer.
  const metrics = installRequestMetrics(http);
  installRoleFilter(http, role);
  // OAuth for trackers (oidc-provider under /oauth); its access tokens also open the ingest routes.
  const oauth = new OAuthService(options.database.db, services, options.publicUrl, options.oauthKeys ?? null);
  installAuth(http, services.auth, (token) => oauth.riderForAccessToken(token));
  await installCompression(http);
  await http.register(fastifyCookie);
  await http.register(fastifyWebsocket, { options: { maxPayload: 1024 * 1024 } });
  // Only routes that ask for it are limited (login, setup); the hook runs after parsing so the
  // limiter can key on the e-mail being tried.
  await http.register(fastifyRateLimit, { global: false, hook: 'preHandler' });
  await installOpenApi(http, options.publicUrl);
  // Ingest, processors and gateways are ready when NATS is: a database outage must not take ingest away.
  installOperations(
    http,
    options.cluster && role !== 'api' ? options.cluster.ping : options.database.ping,
    metrics,
  );
  if (options.cluster) registerDeadLetterMetric(metrics, options.cluster.bus.deadLetters);
  installSetupPage(http);
  await installWebApp(http, options.webDistDir ?? null);

  const api = http.withTypeProvider<ZodTypeProvider>();
  registerAuthRoutes(api, services.auth, {
    secureCookies: options.publicUrl.startsWith('https:'),
    loginRateLimitPerMinute: options.loginRateLimitPerMinute,
  });
  registerUserRoutes(api, services.users, services.audit);
  registerInvitationRoutes(api, services.invitations, services.auth, {
    publicUrl: options.publicUrl,
    secureCookies: options.publicUrl.startsWith('https:'),
    loginRateLimitPerMinute: options.loginRateLimitPerMinute,
  });
  registerRaceRoutes(api, services.races);
  registerStageRoutes(api, services.stages, services.stageStatus);
  // Multipart only where files are uploaded: its hooks (a close listener on every response, a clean-up
  // after it) would otherwise run on every request, trackers' included.
  await http.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_COURSE_BYTES, files: 1, fields: 10 } });
    registerCourseRoutes(scope.withTypeProvider<ZodTypeProvider>(), services.courses);
  });
  registerRegistrationRoutes(api, services.registrations);
  registerResultRoutes(api, services.results, services.classifications, services.storedAnswers);
  registerDecisionRoutes(api, services.decisions, services.passings);
  registerTrackReviewRoutes(api, services.trackReview);
  registerClientConfig(api, options.tiles ?? DEFAULT_TILES);
  registerServerTime(api);
  registerReplayRoutes(api, services.replay);
  registerRiderRoutes(api, services.riders);
  registerStatsRoutes(api, services.stats, services.storedAnswers);
  registerTrackRoutes(api, services.ingest, services.deviceTokens, options.maxSocketsPerAddress);
  registerDeadLetterRoutes(api, options.cluster?.bus.deadLetters ?? null);
  registerOAuthRoutes(api, oauth, services.ingest);
  await mountProvider(http, oauth);
  await registerInteractions(http, oauth, services.auth, {
    secureCookies: options.publicUrl.startsWith('https:'),
    loginRateLimitPerMinute: options.loginRateLimitPerMinute,
  });
  registerSosRoutes(api, services.races, services.ingestRepo);
  registerOsmAndRoutes(http, services.ingest, ['/osmand']);
  registerOwnTracksRoutes(http, services.ingest);
  if (runs(role, 'gateway')) {
    const stopAccessEvents = services.bus.onControl((event) => services.stageAccess.onControl(event));
    http.addHook('onClose', async () => stopAccessEvents());
  }
  if (runs(role, 'api')) {
    // Changes made by other processes (and race control's status moves) drop the public answers kept here.
    const stopReadEvents = services.bus.onControl((event) => forgetOnControl(services.publicReads, event));
    http.addHook('onClose', async () => stopReadEvents());
  }
  registerLiveRoutes(api, {
    processor: services.liveSnapshots,
    gateway: services.gateway,
    access: services.stageAccess,
    races: services.races,
    repo: services.liveRepo,
    bus: services.bus,
    ...(options.maxSocketsPerAddress !== undefined && { maxSocketsPerAddress: options.maxSocketsPerAddress }),
  });

  http.addHook('onClose', async () => {
    services.processor.stop();
    services.gateway.close();
    await services.ingest.drain();
    await services.resultsStore.stop();
  });
  await http.ready();
  if (runs(role, 'processor')) await services.processor.start();
  // Stale results are recomputed where results are read (the stale marks are in the database); running
  // stages' timing is brought up to date where stages are leased, by each stage's lease holder.
  services.resultsStore.start({ sweep: runs(role, 'api'), progress: runs(role, 'processor') });
  return { http, services };
}

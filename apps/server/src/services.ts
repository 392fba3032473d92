import type { LiveSettings } from '@echelon/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db/client.ts';
import { CacheFactsRepository } from './http/cache-facts.repository.ts';
import { PublicReadsCache } from './http/public-reads-cache.ts';
import { publicReadsInvalidation } from './http/public-reads-invalidation.ts';
import { LocalBus } from './live/bus.ts';
import { LiveGateway } from './live/gateway.ts';
import { LiveRepository } from './live/live.repository.ts';
import type { LiveSnapshots } from './live/live.routes.ts';
import { LiveProcessor } from './live/processor.ts';
import { RaceControl } from './live/race-control.ts';
import type { ScalableBus } from './live/scalable-bus.ts';
import { StageAccessCache } from './live/stage-access.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { CoursesService } from './modules/courses/courses.service.ts';
import { DeviceTokensService } from './modules/ingest/device-tokens.service.ts';
import { IngestRepository } from './modules/ingest/ingest.repository.ts';
import { DEFAULT_INGEST_SETTINGS, IngestService } from './modules/ingest/ingest.service.ts';
import { InvitationsService } from './modules/invitations/invitations.service.ts';
import { RacesService } from './modules/races/races.service.ts';
import { RegistrationsService } from './modules/registrations/registrations.service.ts';
import { ReplayService } from './modules/replay/replay.service.ts';
import { ClassificationsService } from './modules/results/classifications.service.ts';
import { DecisionsService } from './modules/results/decisions.service.ts';
import { PassingsService } from './modules/results/passings.service.ts';
import { ResultsService } from './modules/results/results.service.ts';
import { ResultsStore } from './modules/results/results-store.ts';
import { StoredAnswers } from './modules/results/stored-answers.ts';
import { TrackReviewService } from './modules/results/track-review.service.ts';
import { RidersService } from './modules/riders/riders.service.ts';
import { StageStatusService } from './modules/stages/stage-status.service.ts';
import { StagesRepository } from './modules/stages/stages.repository.ts';
import { StagesService } from './modules/stages/stages.service.ts';
import { StatsService } from './modules/stats/stats.service.ts';
import { UsersService } from './modules/users/users.service.ts';
import type { Cluster } from './roles/cluster.ts';

export interface Services {
  bus: ScalableBus;
  audit: AuditService;
  auth: AuthService;
  users: UsersService;
  invitations: InvitationsService;
  races: RacesService;
  /** Runs each stage's lifecycle; `control.onStageFinished` is where a finished stage's results get stored. */
  control: RaceControl;
  stages: StagesService;
  stageStatus: StageStatusService;
  courses: CoursesService;
  registrations: RegistrationsService;
  ingest: IngestService;
  results: ResultsService;
  /** Stage results and classifications as stored, and the stale marks that recompute them. */
  resultsStore: ResultsStore;
  classifications: ClassificationsService;
  decisions: DecisionsService;
  passings: PassingsService;
  trackReview: TrackReviewService;
  deviceTokens: DeviceTokensService;
  replay: ReplayService;
  riders: RidersService;
  stats: StatsService;
  liveRepo: LiveRepository;
  /** Stored fixes and SOS alerts (race control reads the SOS alerts). */
  ingestRepo: IngestRepository;
  processor: LiveProcessor;
  gateway: LiveGateway;
  /** Who may watch a stage, kept per stage for the gateway (it hears the bus's race-access events). */
  stageAccess: StageAccessCache;
  /** Where spectators' snapshots come from: the processor in one process, the store in a cluster. */
  liveSnapshots: LiveSnapshots;
  /** Public answers kept whole in this process, dropped by every change (`public-reads.ts`). */
  publicReads: PublicReadsCache;
  storedAnswers: StoredAnswers;
}

export interface ServiceSettings {
  sessionTtlDays: number;
  tickMs: number;
  live: Partial<LiveSettings>;
  maxFixSpeed: number;
  /**
   * Fix group commits writing side by side (default 1). PostgreSQL: several of its pooled connections,
   * so one group's synced commit does not hold up the next; PGlite has one connection.
   */
  fixWriteConcurrency?: number;
  /** Roles spread over processes on NATS; absent for the in-process bus. */
  cluster?: Cluster;
}

/**
 * Wires the services over one database and one bus; every transport (HTTP, WebSocket, MQTT) shares them.
 * Read-only services (replays, statistics, rider pages, stored results' reads) use `readDb`: on
 * PostgreSQL a pool of their own, so public reads never take the connections ingest writes through.
 */
export function createServices(
  db: Db,
  settings: ServiceSettings,
  log: FastifyBaseLogger,
  readDb: Db = db,
): Services {
  const cluster = settings.cluster;
  const bus: ScalableBus = cluster?.bus ?? new LocalBus();
  const audit = new AuditService(db);
  const auth = new AuthService(db, audit, settings);
  const liveRepo = new LiveRepository(db);
  const publicReads = new PublicReadsCache();
  const cacheFacts = new CacheFactsRepository(db);
  const readsChanged = publicReadsInvalidation(publicReads, bus, (target) => cacheFacts.raceOfTarget(target));
  const resultsStore = new ResultsStore(db, audit, {
    onError: (error, stageId) => log.error({ err: error, stageId }, 'computing stage results'),
    readDb,
    onChanged: readsChanged.race,
    onTracksChanged: readsChanged.tracks,
    ...(cluster?.leases && { ownsProgress: (stageId: string) => cluster.leases!.holds(stageId) }),
    // Alone, this process's ingest stores every fix (on NATS the persistence consumers of any process do).
    feedFromMemory: !cluster,
  });
  audit.onRecorded((action, target, actorId) => resultsStore.audited(action, target, actorId));
  audit.onRecorded((action, target) => readsChanged.audited(action, target));
  const control = new RaceControl(liveRepo, bus);
  // A finished stage's results are computed and stored off the request path: if that fails nothing is
  // stored and the stage stays stale, so the sweep or the first read computes them.
  control.onStageFinished(async ({ stageId }) => {
    void resultsStore.recompute(stageId, 'stage finished').catch(() => {});
  });
  const races = new RacesService(db, audit, control, (raceId) =>
    bus.publishControl({ type: 'race-access', raceId }),
  );
  const stages = new StagesService(db, races, audit);
  const ingestRepo = new IngestRepository(db);
  const ingest = new IngestService(
    ingestRepo,
    bus,
    { ...DEFAULT_INGEST_SETTINGS, maxSpeed: settings.maxFixSpeed },
    // On NATS a fix is accepted once the stream holds it; the persistence consumer stores it.
    {
      streamFirst: Boolean(cluster),
      onStored: (fixes) => resultsStore.fixesStored(fixes),
      writeConcurrency: settings.fixWriteConcurrency ?? 1,
    },
  );
  // A start list changed (riders added, edited, registered by a results import): trackers and live
  // standings follow it.
  const startListChanged = (raceId: string) => {
    ingest.forgetIdentities();
    bus.publishControl({ type: 'start-list', raceId });
  };
  const registrations = new RegistrationsService(db, races, audit, startListChanged);
  const results = new ResultsService(db, races, audit, startListChanged, resultsStore);
  const replay = new ReplayService(readDb, resultsStore);
  const processor = new LiveProcessor(
    liveRepo,
    ingestRepo,
    bus,
    {
      tickMs: settings.tickMs,
      settings: settings.live,
      ...(cluster?.leases && {
        cluster: { bus: cluster.bus, leases: cluster.leases, snapshots: cluster.snapshots },
      }),
    },
    log,
  );
  if (cluster) {
    cluster.onLease.acquired = (stageId) =>
      void processor
        .acquired(stageId)
        .catch((error) => log.error({ err: error, stageId }, 'taking over a stage'));
    cluster.onLease.lost = (stageId) => processor.lost(stageId);
  }
  const liveSnapshots: LiveSnapshots = cluster?.snapshots ?? processor;
  const stats = new StatsService(readDb, races, results, replay, (error) =>
    log.error({ err: error }, 'storing a race’s share of the all-time statistics'),
  );
  // The same changes that drop kept public answers drop a race's share of the all-time statistics.
  publicReads.onForget((raceId) => stats.forget(raceId));
  return {
    bus,
    audit,
    auth,
    users: new UsersService(db, audit, auth),
    invitations: new InvitationsService(db, audit, races),
    races,
    control,
    stages,
    stageStatus: new StageStatusService(new StagesRepository(db), races, control, audit),
    courses: new CoursesService(db, stages, audit),
    registrations,
    ingest,
    results,
    resultsStore,
    classifications: new ClassificationsService(db, resultsStore, races),
    decisions: new DecisionsService(
      db,
      races,
      control,
      audit,
      (event) => bus.publishControl({ type: 'rider-out', ...event, at: Date.now() }),
      resultsStore,
    ),
    passings: new PassingsService(db, races, audit, (stageId) =>
      bus.publishControl({ type: 'timing', stageId }),
    ),
    trackReview: new TrackReviewService(db, races),
    deviceTokens: new DeviceTokensService(db, ingestRepo, races, ingest, audit),
    replay,
    riders: new RidersService(readDb, results),
    stats,
    liveRepo,
    ingestRepo,
    processor,
    gateway: new LiveGateway(bus, liveSnapshots, { perStage: Boolean(cluster) }),
    stageAccess: new StageAccessCache((stageId) => stages.accessFacts(stageId)),
    liveSnapshots,
    publicReads,
    storedAnswers: new StoredAnswers(db, readDb, (error) =>
      log.error({ err: error }, 'storing a public answer'),
    ),
  };
}

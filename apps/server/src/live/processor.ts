import { epochMs, type Fix, type LiveSettings } from '@echelon/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { IngestRepository } from '../modules/ingest/ingest.repository.ts';
import type { Bus, ControlEvent, FixBatch } from './bus.ts';
import type { LiveRepository } from './live.repository.ts';
import { PRE_START_MS } from './live-course.ts';
import type { ScalableBus } from './scalable-bus.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import type { StageLeases } from './stage-lease.ts';
import { StageRuntime } from './stage-runtime.ts';
import { TIME_TRIAL_FORMATS } from './time-trial-feed.ts';

/** Several processors on NATS: one owns each stage (a lease), and keeps its snapshot in the store. */
export interface ProcessorCluster {
  bus: Required<Pick<ScalableBus, 'watchFixes'>>;
  leases: StageLeases;
  snapshots: SnapshotStore;
}

export interface ProcessorOptions {
  tickMs: number;
  settings: Partial<LiveSettings>;
  cluster?: ProcessorCluster;
}

/** A taken-over stage publishes once its replay from the stream has caught up, or after this at most. */
const REPLAY_WAIT_MS = 3000;

const RUNNING = new Set(['live', 'neutralised']);
/** A stage stopped as void: its live state goes at once (a finished one keeps its last snapshot). */
const STOPPED = new Set(['cancelled', 'annulled']);

/**
 * The processor role: keeps a StageRuntime for every running stage, feeds it the fixes ingest
 * publishes and race control's events, and each tick publishes one serialised frame per stage.
 * On start it rebuilds running stages from the stored fixes, so a restart loses no state.
 */
export class LiveProcessor {
  private readonly live: LiveRepository;
  private readonly fixes: IngestRepository;
  private readonly bus: Bus;
  private readonly options: ProcessorOptions;
  private readonly log: FastifyBaseLogger;
  private readonly runtimes = new Map<string, StageRuntime>();
  /** The stage each race is running now. */
  private readonly raceStage = new Map<string, string>();
  private loading = new Map<string, Promise<StageRuntime | null>>();
  private held: FixBatch[] = [];
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: Array<() => void> = [];
  /** Cluster mode: per owned stage, the stream replay's stop and whether it has caught up. */
  /** Per stage, the last frame's store-then-publish, so frames keep their order. */
  private readonly publishing = new Map<string, Promise<void>>();
  private readonly feeds = new Map<string, { stop: () => void; replaying: boolean }>();

  constructor(
    live: LiveRepository,
    fixes: IngestRepository,
    bus: Bus,
    options: ProcessorOptions,
    log: FastifyBaseLogger,
  ) {
    this.live = live;
    this.fixes = fixes;
    this.bus = bus;
    this.options = options;
    this.log = log;
  }

  async start(): Promise<void> {
    const cluster = this.options.cluster;
    // In a cluster each owned stage reads its own race's fixes from the stream (see acquired).
    if (!cluster) this.unsubscribe.push(this.bus.onFixes((batch) => this.onFixes(batch)));
    this.unsubscribe.push(
      this.bus.onControl((event) => void this.onControl(event).catch((err) => this.fail(err))),
    );
    const running = await this.live.runningStages();
    if (cluster) cluster.leases.want(running);
    else for (const stageId of running) await this.load(stageId);
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    for (const stageId of [...this.feeds.keys()]) this.lost(stageId);
  }

  /**
   * Cluster mode: this process now owns the stage (its lease). It rebuilds it from the fixes stream,
   * in the order the previous owner saw them (a fix older than a rider's latest is ignored, so order
   * matters), and carries on the frame numbering from the stored snapshot so spectators see no gap.
   */
  async acquired(stageId: string): Promise<void> {
    const cluster = this.options.cluster;
    if (!cluster || this.feeds.has(stageId)) return;
    const runtime = await this.load(stageId, { fromStream: true });
    if (!runtime || !cluster.leases.holds(stageId) || this.feeds.has(stageId)) return;
    const stored = await cluster.snapshots.get(stageId).catch(() => null);
    const storedSeq = stored ? Number(/"seq":(\d+)/.exec(stored)?.[1] ?? 0) : 0;
    if (storedSeq > 0) runtime.resumeFrom(storedSeq);
    const feed = { stop: () => {}, replaying: true };
    const caughtUp = () => {
      if (feed.replaying) this.log.info({ stageId, resumedFrom: storedSeq }, 'live stage taken over');
      feed.replaying = false;
    };
    setTimeout(caughtUp, REPLAY_WAIT_MS).unref();
    feed.stop = cluster.bus.watchFixes(
      runtime.raceId,
      (runtime.startedAt ?? Date.now()) - PRE_START_MS,
      (batch) => {
        if (runtime.riderIds.has(batch.registrationId)) runtime.addFixes(batch.fixes);
      },
      caughtUp,
    );
    this.feeds.set(stageId, feed);
  }

  /** Cluster mode: the stage's lease is gone (another process owns it now): stop at once. */
  lost(stageId: string): void {
    this.feeds.get(stageId)?.stop();
    this.feeds.delete(stageId);
    this.unload(stageId);
  }

  /** The latest snapshot of a stage, or null when it is not running here. */
  snapshot(stageId: string): string | null {
    return this.runtimes.get(stageId)?.snapshot() ?? null;
  }

  isRunning(stageId: string): boolean {
    return this.runtimes.has(stageId);
  }

  /** Makes sure a stage that has started is loaded (e.g. a finished stage a spectator opens). */
  async ensure(stageId: string): Promise<StageRuntime | null> {
    return this.runtimes.get(stageId) ?? this.load(stageId);
  }

  tick(): void {
    const cluster = this.options.cluster;
    for (const runtime of this.runtimes.values()) {
      try {
        if (cluster) this.tickOwned(cluster, runtime);
        else {
          const frame = runtime.tick();
          if (frame !== null) this.bus.publishFrame(runtime.stageId, frame);
        }
      } catch (error) {
        this.fail(error);
      }
    }
  }

  /**
   * A stage in a cluster: only its owner publishes, and only once its replay caught up. The snapshot
   * is stored before the frame goes out, so a gateway's copy is never older than the frame before.
   */
  private tickOwned(cluster: ProcessorCluster, runtime: StageRuntime): void {
    const { stageId } = runtime;
    const feed = this.feeds.get(stageId);
    if (!feed || feed.replaying || !cluster.leases.holds(stageId)) return;
    const frame = runtime.tick();
    if (frame === null) {
      // A settled stage sent its last frame: let it go (its snapshot stays in the store).
      if (runtime.settled) {
        this.lost(stageId);
        void cluster.leases.forget(stageId).catch((error) => this.fail(error));
      }
      return;
    }
    const snapshot = runtime.snapshot();
    const previous = this.publishing.get(stageId) ?? Promise.resolve();
    const next = previous
      .then(() => cluster.snapshots.put(stageId, snapshot))
      .catch((error) => this.fail(error))
      .then(() => {
        if (cluster.leases.holds(stageId)) this.bus.publishFrame(stageId, frame);
      });
    this.publishing.set(stageId, next);
  }

  private onFixes(batch: FixBatch): void {
    // While a stage loads, its replay query may miss fixes stored meanwhile: keep them for after.
    if (this.loading.size > 0) this.held.push(batch);
    const stageId = this.raceStage.get(batch.raceId);
    const runtime = stageId ? this.runtimes.get(stageId) : undefined;
    if (!runtime?.riderIds.has(batch.registrationId)) return;
    runtime.addFixes(batch.fixes);
    if (batch.alarms)
      runtime.raiseSos(batch.alarms.map((a) => ({ riderId: batch.registrationId, time: a.time })));
  }

  private async onControl(event: ControlEvent): Promise<void> {
    const cluster = this.options.cluster;
    if (event.type === 'status' && cluster) {
      // Every processor competes for a stage that goes live; the owner hears the status like any.
      const stageId = event.stageId ?? this.raceStage.get(event.raceId);
      if (!stageId) return;
      if (RUNNING.has(event.status)) cluster.leases.want([stageId]);
      const runtime = await this.loadedRuntime(stageId);
      runtime?.setStatus(event.status as never, event.at);
      if (STOPPED.has(event.status)) {
        this.lost(stageId);
        await cluster.leases.forget(stageId);
      }
      return;
    }
    if (event.type === 'status') {
      const stageId = event.stageId ?? this.raceStage.get(event.raceId);
      if (!stageId) return;
      let runtime = this.runtimes.get(stageId);
      if (!runtime && RUNNING.has(event.status)) runtime = (await this.load(stageId)) ?? undefined;
      if (!runtime) return;
      runtime.setStatus(event.status as never, event.at);
      if (STOPPED.has(event.status)) this.unload(stageId);
    } else if (event.type === 'announcement') {
      await Promise.allSettled(this.loading.values());
      for (const runtime of this.runtimes.values()) {
        if (runtime.raceId !== event.raceId) continue;
        if (event.stageId && event.stageId !== runtime.stageId) continue;
        runtime.announce({ id: event.id, at: event.at, text: event.text, stageId: event.stageId });
      }
    } else if (event.type === 'timing') {
      const runtime = await this.loadedRuntime(event.stageId);
      if (runtime?.isTimeTrial) runtime.setTiming(await this.live.timeTrialTiming(event.stageId));
    } else if (event.type === 'rider-out') {
      (await this.loadedRuntime(event.stageId))?.setOut(event.registrationId, event.out, event.at);
    } else if (event.type === 'start-list') {
      const stageId = this.raceStage.get(event.raceId);
      if (stageId && cluster) {
        // Rebuilt from the stream with the new start list, numbering carried on from the snapshot.
        this.lost(stageId);
        await this.acquired(stageId);
      } else if (stageId) {
        this.unload(stageId);
        await this.load(stageId);
      }
    }
  }

  /**
   * A stage's runtime, after any load in progress: an event arriving between the load's database read
   * and its runtime's registration would otherwise be lost.
   */
  private async loadedRuntime(stageId: string): Promise<StageRuntime | undefined> {
    await this.loading.get(stageId)?.catch(() => null);
    return this.runtimes.get(stageId);
  }

  private load(stageId: string, options: { fromStream?: boolean } = {}): Promise<StageRuntime | null> {
    const pending = this.loading.get(stageId);
    if (pending) return pending;
    const promise = this.build(stageId, options.fromStream ?? false).finally(() =>
      this.loading.delete(stageId),
    );
    this.loading.set(stageId, promise);
    return promise;
  }

  private async build(stageId: string, fromStream: boolean): Promise<StageRuntime | null> {
    const context = await this.live.loadStage(stageId);
    if (!context?.course || context.stage.startedAt === null) return null;
    const runtime = new StageRuntime(
      context,
      this.options.settings,
      Date.now,
      TIME_TRIAL_FORMATS.has(context.stage.format) ? await this.live.timeTrialTiming(stageId) : undefined,
    );
    if (fromStream) {
      // Fed by the caller from the fixes stream, which holds every accepted fix (the database may
      // not have them yet, and its time order is not the order the live state saw them in).
      runtime.tick();
      this.runtimes.set(stageId, runtime);
      this.raceStage.set(context.race.id, stageId);
      return runtime;
    }
    const stored = await this.fixes.fixesSince(
      context.riders.map((r) => r.id),
      context.stage.startedAt - PRE_START_MS,
    );
    runtime.addFixes(
      stored.map(
        (f): Fix => ({
          riderId: f.registrationId,
          time: epochMs(f.time),
          lat: f.lat,
          lon: f.lon,
          accuracy: f.accuracy,
          speed: f.speed,
          altitude: f.altitude,
          battery: f.battery,
          ...(f.sos && { sos: true }),
        }),
      ),
    );
    const refused = await this.fixes.refusedSosSince(
      context.riders.map((r) => r.id),
      context.stage.startedAt - PRE_START_MS,
    );
    runtime.raiseSos(refused.map((a) => ({ riderId: a.registrationId, time: a.time })));
    for (const batch of this.held) {
      if (!runtime.riderIds.has(batch.registrationId)) continue;
      runtime.addFixes(batch.fixes);
      if (batch.alarms)
        runtime.raiseSos(batch.alarms.map((a) => ({ riderId: batch.registrationId, time: a.time })));
    }
    if (this.loading.size <= 1) this.held = [];
    // The first tick fixes the baseline later deltas are computed from; no one listens to it yet.
    runtime.tick();
    this.runtimes.set(stageId, runtime);
    this.raceStage.set(context.race.id, stageId);
    this.log.info({ stageId, riders: runtime.riderIds.size, replayed: stored.length }, 'live stage loaded');
    return runtime;
  }

  private unload(stageId: string): void {
    const runtime = this.runtimes.get(stageId);
    if (!runtime) return;
    this.runtimes.delete(stageId);
    if (this.raceStage.get(runtime.raceId) === stageId) this.raceStage.delete(runtime.raceId);
  }

  private fail(error: unknown): void {
    this.log.error({ err: error }, 'live processor error');
  }
}

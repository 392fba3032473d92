import { epochMs, type Fix, type LiveSettings } from '@echelon/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { IngestRepository } from '../modules/ingest/ingest.repository.ts';
import type { Bus, ControlEvent, FixBatch } from './bus.ts';
import type { LiveRepository } from './live.repository.ts';
import { PRE_START_MS } from './live-course.ts';
import { StageRuntime } from './stage-runtime.ts';

export interface ProcessorOptions {
  tickMs: number;
  settings: Partial<LiveSettings>;
}

const RUNNING = new Set(['live', 'neutralised']);

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
    this.unsubscribe.push(this.bus.onFixes((batch) => this.onFixes(batch)));
    this.unsubscribe.push(
      this.bus.onControl((event) => void this.onControl(event).catch((err) => this.fail(err))),
    );
    for (const stageId of await this.live.runningStages()) await this.load(stageId);
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
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
    for (const runtime of this.runtimes.values()) {
      try {
        const frame = runtime.tick();
        if (frame !== null) this.bus.publishFrame(runtime.stageId, frame);
      } catch (error) {
        this.fail(error);
      }
    }
  }

  private onFixes(batch: FixBatch): void {
    // While a stage loads, its replay query may miss fixes stored meanwhile: keep them for after.
    if (this.loading.size > 0) this.held.push(batch);
    const stageId = this.raceStage.get(batch.raceId);
    const runtime = stageId ? this.runtimes.get(stageId) : undefined;
    if (!runtime?.riderIds.has(batch.registrationId)) return;
    runtime.addFixes(batch.fixes);
  }

  private async onControl(event: ControlEvent): Promise<void> {
    if (event.type === 'status') {
      const stageId = event.stageId ?? this.raceStage.get(event.raceId);
      if (!stageId) return;
      let runtime = this.runtimes.get(stageId);
      if (!runtime && RUNNING.has(event.status)) runtime = (await this.load(stageId)) ?? undefined;
      if (!runtime) return;
      runtime.setStatus(event.status as never, event.at);
      if (event.status === 'cancelled') this.unload(stageId);
    } else if (event.type === 'announcement') {
      for (const runtime of this.runtimes.values()) {
        if (runtime.raceId !== event.raceId) continue;
        if (event.stageId && event.stageId !== runtime.stageId) continue;
        runtime.announce({ id: event.id, at: event.at, text: event.text, stageId: event.stageId });
      }
    } else if (event.type === 'rider-out') {
      this.runtimes.get(event.stageId)?.setOut(event.registrationId, event.out, event.at);
    } else if (event.type === 'start-list') {
      const stageId = this.raceStage.get(event.raceId);
      if (stageId) {
        this.unload(stageId);
        await this.load(stageId);
      }
    }
  }

  private load(stageId: string): Promise<StageRuntime | null> {
    const pending = this.loading.get(stageId);
    if (pending) return pending;
    const promise = this.build(stageId).finally(() => this.loading.delete(stageId));
    this.loading.set(stageId, promise);
    return promise;
  }

  private async build(stageId: string): Promise<StageRuntime | null> {
    const context = await this.live.loadStage(stageId);
    if (!context?.course || context.stage.startedAt === null) return null;
    const runtime = new StageRuntime(context, this.options.settings);
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
        }),
      ),
    );
    for (const batch of this.held)
      if (runtime.riderIds.has(batch.registrationId)) runtime.addFixes(batch.fixes);
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

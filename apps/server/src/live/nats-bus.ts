import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  type PubAck,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos, type Subscription } from '@nats-io/transport-node';
import type { ControlEvent, FixBatch } from './bus.ts';
import { FixDeadLetters } from './fix-dead-letters.ts';
import { type ConsumeFixesOptions, storeFixesMessage } from './fix-storage-consumer.ts';
import type { ScalableBus } from './scalable-bus.ts';

export type { ConsumeFixesOptions } from './fix-storage-consumer.ts';

export interface NatsBusOptions {
  /** e.g. nats://nats:4222; several separated by commas. */
  servers: string;
  /** Subject and stream prefix; a test run uses its own so runs never meet. */
  prefix?: string;
  /** Shown in the server's connection list (`nats server report connections`). */
  name?: string;
  /** JetStream replicas of the streams: 3 on a NATS cluster of three. */
  replicas?: number;
  /** How long fixes stay in the stream: long enough to replay a stage and to outlast a database outage. */
  fixesMaxAgeMs?: number;
  /** Where failures of fire-and-forget publishes and subscriptions go (the role's logger). */
  onError?: (error: unknown, context: string) => void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const encoder = new TextEncoder();

/**
 * Bus on NATS: fixes and control events go to JetStream streams (stored, acknowledged, replayable),
 * frames go on core NATS, one subject per stage, because a frame is worth nothing a second later and a
 * gateway that missed one resynchronises from the next snapshot anyway.
 */
export class NatsBus implements ScalableBus {
  readonly nc: NatsConnection;
  readonly prefix: string;
  readonly streams: { fixes: string; control: string };
  readonly deadLetters: FixDeadLetters;
  private readonly js: JetStreamClient;
  private readonly onError: (error: unknown, context: string) => void;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly stoppers = new Set<() => void>();
  private readonly frameSubs = new Map<
    string,
    { sub: Subscription; handlers: Set<(frame: string) => void> }
  >();

  private constructor(nc: NatsConnection, prefix: string, onError: NatsBusOptions['onError']) {
    this.nc = nc;
    this.js = jetstream(nc);
    this.prefix = prefix;
    const upper = prefix.toUpperCase().replace(/[^A-Z0-9_-]/g, '_');
    this.streams = { fixes: `${upper}_FIXES`, control: `${upper}_CONTROL` };
    this.deadLetters = new FixDeadLetters(this.js, () => jetstreamManager(nc), prefix, `${upper}_DEADLETTER`);
    this.onError = onError ?? ((error, context) => console.error(`nats bus: ${context}`, error));
  }

  /** Connects and makes sure the streams exist (creating or updating them is idempotent). */
  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const nc = await connect({
      servers: options.servers.split(',').map((s) => s.trim()),
      name: options.name ?? 'echelon',
      // A NATS restart must not end the role: keep reconnecting, the orchestrator watches /readyz.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      timeout: 5000,
    });
    const bus = new NatsBus(nc, options.prefix ?? 'echelon', options.onError);
    try {
      await bus.ensureStreams(await jetstreamManager(nc), options);
    } catch (error) {
      await nc.close();
      throw error;
    }
    return bus;
  }

  private async ensureStreams(jsm: JetStreamManager, options: NatsBusOptions): Promise<void> {
    const replicas = options.replicas ?? 1;
    await ensureStream(jsm, {
      name: this.streams.fixes,
      subjects: [`${this.prefix}.fixes.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(options.fixesMaxAgeMs ?? 2 * DAY_MS),
      // A batch published again within this window (a retry after a lost ack) is stored once.
      duplicate_window: nanos(2 * 60 * 1000),
      num_replicas: replicas,
    });
    await ensureStream(jsm, {
      name: this.streams.control,
      subjects: [`${this.prefix}.control.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      // One message per subject is the current state (a race's status, a rider's out flag): what a
      // processor starting late replays.
      max_msgs_per_subject: 1,
      max_age: nanos(7 * DAY_MS),
      num_replicas: replicas,
    });
    await ensureStream(jsm, this.deadLetters.config(replicas));
  }

  // --- fixes ---------------------------------------------------------------------------------------

  publishFixes(batch: FixBatch): void {
    this.track(this.publishFixesAcked(batch), 'publishing fixes');
  }

  async publishFixesAcked(batch: FixBatch): Promise<{ seq: number; duplicate: boolean }> {
    const ack: PubAck = await this.js.publish(this.fixSubject(batch.raceId), JSON.stringify(batch), {
      msgID: batchId(batch),
    });
    return { seq: ack.seq, duplicate: ack.duplicate };
  }

  /**
   * Every batch published from this call on, to this process (like LocalBus). The consumer starts a
   * second before the call, so nothing published while it is being created is lost; the few batches
   * seen twice are harmless to the live state, which ignores a fix not newer than the rider's last.
   */
  onFixes(handler: (batch: FixBatch) => void): () => void {
    return this.ordered(
      this.streams.fixes,
      `${this.prefix}.fixes.>`,
      { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(Date.now() - 1000).toISOString() },
      (data) => handler(JSON.parse(data) as FixBatch),
    );
  }

  watchFixes(
    raceId: string,
    sinceMs: number,
    handler: (batch: FixBatch) => void,
    onCaughtUp?: () => void,
  ): () => void {
    return this.ordered(
      this.streams.fixes,
      this.fixSubject(raceId),
      { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(sinceMs).toISOString() },
      (data) => handler(JSON.parse(data) as FixBatch),
      onCaughtUp,
    );
  }

  consumeFixes(
    durable: string,
    handler: (batch: FixBatch) => Promise<void>,
    options: ConsumeFixesOptions = {},
  ): () => void {
    const maxDeliveries = options.maxDeliveries ?? 5;
    const isPoison = options.isPoison ?? (() => true);
    let messages: ConsumerMessages | null = null;
    let stopped = false;
    const stop = () => {
      stopped = true;
      messages?.stop();
      this.stoppers.delete(stop);
    };
    this.stoppers.add(stop);
    const setup = (async () => {
      const jsm = await jetstreamManager(this.nc);
      await jsm.consumers.add(this.streams.fixes, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        // Long enough for a group commit on a busy database; a crashed consumer's batches come back then.
        ack_wait: nanos(30_000),
        deliver_policy: DeliverPolicy.All,
        filter_subject: `${this.prefix}.fixes.>`,
        max_ack_pending: 20_000,
      });
      const consumer = await this.js.consumers.get(this.streams.fixes, durable);
      if (stopped) return;
      messages = await consumer.consume({
        max_messages: 1000,
        // Not awaited one by one: concurrent batches are what lets the FixWriter group-commit them.
        callback: (msg) =>
          storeFixesMessage(msg, handler, {
            deadLetters: this.deadLetters,
            onError: this.onError,
            maxDeliveries,
            isPoison,
          }),
      });
    })();
    this.track(setup, `durable consumer ${durable}`);
    return stop;
  }

  // --- control -------------------------------------------------------------------------------------

  publishControl(event: ControlEvent): void {
    this.track(this.publishControlAcked(event), 'publishing a control event');
  }

  async publishControlAcked(event: ControlEvent): Promise<void> {
    await this.js.publish(this.controlSubject(event), JSON.stringify(event));
  }

  /**
   * The latest event of every kind (each race's status, each rider-out flag, each announcement), then
   * every new one: a processor that starts after race control acted still learns the current state.
   */
  onControl(handler: (event: ControlEvent) => void): () => void {
    return this.ordered(
      this.streams.control,
      `${this.prefix}.control.>`,
      { deliver_policy: DeliverPolicy.LastPerSubject },
      (data) => handler(JSON.parse(data) as ControlEvent),
    );
  }

  // --- frames --------------------------------------------------------------------------------------

  publishFrame(stageId: string, frame: string): void {
    this.nc.publish(`${this.prefix}.frames.${stageId}`, encoder.encode(frame));
  }

  onFrame(handler: (stageId: string, frame: string) => void): () => void {
    const prefixLength = `${this.prefix}.frames.`.length;
    const sub = this.nc.subscribe(`${this.prefix}.frames.*`, {
      callback: (error, msg) => {
        if (error) this.onError(error, 'frame subscription');
        else handler(msg.subject.slice(prefixLength), msg.string());
      },
    });
    return () => sub.unsubscribe();
  }

  /** Handlers of one stage share one NATS subscription; the last one to leave ends it. */
  watchFrames(stageId: string, handler: (frame: string) => void): () => void {
    let entry = this.frameSubs.get(stageId);
    if (!entry) {
      const handlers = new Set<(frame: string) => void>();
      const sub = this.nc.subscribe(`${this.prefix}.frames.${stageId}`, {
        callback: (error, msg) => {
          if (error) return this.onError(error, `frames of stage ${stageId}`);
          const frame = msg.string();
          for (const h of handlers) h(frame);
        },
      });
      entry = { sub, handlers };
      this.frameSubs.set(stageId, entry);
    }
    const mine = entry;
    mine.handlers.add(handler);
    return () => {
      mine.handlers.delete(handler);
      if (mine.handlers.size === 0 && this.frameSubs.get(stageId) === mine) {
        mine.sub.unsubscribe();
        this.frameSubs.delete(stageId);
      }
    };
  }

  // --- lifecycle -----------------------------------------------------------------------------------

  /** Waits for the publishes and subscriptions started so far; core subscriptions are sent by flush. */
  async ready(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    await this.nc.flush();
  }

  async close(): Promise<void> {
    await this.ready();
    for (const stop of [...this.stoppers]) stop();
    await this.nc.drain();
  }

  private ordered(
    stream: string,
    subject: string,
    start: { deliver_policy: DeliverPolicy; opt_start_time?: string },
    handle: (data: string) => void,
    onCaughtUp?: () => void,
  ): () => void {
    let messages: ConsumerMessages | null = null;
    let caughtUp = false;
    const reached = () => {
      if (caughtUp) return;
      caughtUp = true;
      onCaughtUp?.();
    };
    let stopped = false;
    const stop = () => {
      stopped = true;
      messages?.stop();
      this.stoppers.delete(stop);
    };
    this.stoppers.add(stop);
    const setup = (async () => {
      // An ordered consumer: ephemeral, no acks, recreated by the client after a gap or a reconnect
      // from the last sequence it delivered, so the handler sees every message once and in order.
      const consumer = await this.js.consumers.get(stream, { filter_subjects: subject, ...start });
      if (stopped) return;
      messages = await consumer.consume({
        callback: (msg) => {
          try {
            handle(msg.string());
          } catch (error) {
            this.onError(error, `handling a message on ${msg.subject}`);
          }
          if (msg.info.pending === 0) reached();
        },
      });
      // Nothing to replay at all: caught up as soon as the consumer exists.
      if (onCaughtUp && (await consumer.info(true)).num_pending === 0) reached();
    })();
    this.track(setup, `consumer on ${subject}`);
    return stop;
  }

  private track(promise: Promise<unknown>, context: string): void {
    const tracked = promise.then(
      () => {},
      (error) => this.onError(error, context),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private fixSubject(raceId: string): string {
    return `${this.prefix}.fixes.${token(raceId)}`;
  }

  /** The subject is the event's identity: the stream keeps the last message per subject. */
  private controlSubject(event: ControlEvent): string {
    const base = `${this.prefix}.control`;
    switch (event.type) {
      case 'status':
        return `${base}.${token(event.raceId)}.status`;
      case 'announcement':
        return `${base}.${token(event.raceId)}.announcement.${token(event.id)}`;
      case 'start-list':
        return `${base}.${token(event.raceId)}.start-list`;
      case 'race-access':
        return `${base}.${token(event.raceId)}.access`;
      case 'rider-out':
        return `${base}.${token(event.stageId)}.rider-out.${token(event.registrationId)}`;
      case 'timing':
        return `${base}.${token(event.stageId)}.timing`;
      case 'public-reads':
        // One route's change has a subject of its own: the stream's last message of the race's
        // whole change is not replaced by it.
        return `${base}.${event.raceId === null ? 'any' : token(event.raceId)}.public-reads${event.route === undefined ? '' : `.route.${token(event.route)}`}`;
    }
  }
}

/**
 * The same batch published twice (a retry after a lost ack) has the same id and is stored once. Fixes
 * are keyed by (registration, time), so the rider and the fix times identify a batch.
 */
export function batchId(batch: FixBatch): string {
  const times = batch.fixes.map((f) => f.time);
  const id = `${batch.registrationId}:${times.length}:${Math.min(...times)}:${Math.max(...times)}`;
  // A batch of SOS alarms alone (their positions refused) is told apart by the alarms' times.
  const alarms = batch.alarms ?? [];
  return alarms.length === 0 ? id : `${id}:sos:${alarms.map((a) => a.time).join(',')}`;
}

/** The database's own words when a query wrapper (Drizzle) carries them as the cause, not the query text. */
/** Ids are UUIDs; anything else is made a safe single subject token rather than trusted. */
function token(id: string): string {
  return /^[A-Za-z0-9_-]+$/.test(id) ? id : encodeURIComponent(id).replace(/[.%*>]/g, '_');
}

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }) {
  try {
    await jsm.streams.info(config.name);
  } catch {
    await jsm.streams.add(config);
    return;
  }
  await jsm.streams.update(config.name, config);
}

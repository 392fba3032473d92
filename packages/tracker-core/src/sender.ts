import type { IngestResult } from '@echelon/contracts';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import type { QueuedFix, TrackerFix } from './fix.ts';
import type { Random, TimerHandle } from './ports.ts';
import { MAX_BATCH, type SenderOptions, type SenderState, type SenderStatus } from './sender-types.ts';
import { withTimeout } from './timeout.ts';
import { judge, serverTimeOf, type Transport } from './transport.ts';

export * from './sender-types.ts';

type Outcome = 'answered' | 'failed' | 'again';

/**
 * Drains the fix queue to the server: oldest first, in batches, every `batchIntervalMs` (at once, batch
 * after batch, while a backlog remains), with retry and exponential backoff on failure. A fix leaves
 * the queue only when the server has answered for it: stored, already stored, or refused as invalid —
 * so a lost answer means the batch is sent again, and the server's dedupe by (registration, time)
 * makes that harmless. SOS fixes skip the queue's order and the batch interval: they are sent at once,
 * on their own, and first on every later attempt until answered — also after a restart, when the
 * store's `peekSos` finds the ones an earlier run left unanswered.
 */
export class Sender {
  private readonly options: SenderOptions;
  private readonly random: Random;
  private readonly backoff: BackoffOptions;
  private batchIntervalMs: number;
  private batchLimit: number;

  private running = false;
  private online = true;
  private authBlocked = false;
  private authRetried = false;
  private pumping: Promise<void> | null = null;
  private wakeAgain = false;
  private timer: TimerHandle | null = null;
  private readonly sos = new Map<number, QueuedFix>();
  private readonly sosInFlight = new Set<number>();
  /** Whether the store was asked for the SOS fixes an earlier run left: once, at the first start. */
  private sosRecovered = false;
  private counts = { queued: 0, accepted: 0, duplicates: 0, rejected: 0, sosReceived: 0 };
  private lastSentAt: number | null = null;
  private lastError: string | null = null;
  private failures = 0;
  private nextAttemptAt: number | null = null;

  constructor(options: SenderOptions) {
    this.options = options;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.batchIntervalMs = options.batchIntervalMs ?? 5_000;
    this.batchLimit = Math.min(options.maxBatch ?? MAX_BATCH, MAX_BATCH);
    if (!(this.batchLimit >= 1)) throw new RangeError(`maxBatch must be at least 1, not ${options.maxBatch}`);
  }

  status(): SenderStatus {
    return {
      state: this.state(),
      ...this.counts,
      lastSentAt: this.lastSentAt,
      lastError: this.lastError,
      failures: this.failures,
      nextAttemptAt: this.timer !== null ? this.nextAttemptAt : null,
    };
  }

  /** Starts sending; whatever the store kept from an earlier run goes out at once. */
  async start(): Promise<void> {
    // Before `running`: no request can be out meanwhile, so none of them is answered (and removed)
    // while it is looked up, and then sent again.
    if (!this.sosRecovered) await this.recoverSos();
    this.running = true;
    await this.recount();
    this.wake();
  }

  /** Stops sending (sign-out, shutdown); a request already out is still accounted for. */
  stop(): void {
    this.running = false;
    this.cancelTimer();
    this.emit();
  }

  /** Stores fixes in the queue; an SOS among them is sent at once. */
  async enqueue(fixes: readonly TrackerFix[]): Promise<QueuedFix[]> {
    const queued = await this.options.store.append(fixes);
    const sos = queued.filter((q) => q.fix.sos === true);
    for (const q of sos) this.sos.set(q.id, q);
    await this.recount();
    if (sos.length > 0) void this.sendSos(sos);
    return queued;
  }

  /** Sends now, whatever the interval or backoff says (e.g. the app goes to the background). */
  async flush(): Promise<void> {
    // A drain already under way may have peeked before the latest fixes: let it end, then drain again.
    if (this.pumping) await this.pumping;
    if (!this.running || this.authBlocked) return;
    this.failures = 0;
    await this.pump();
  }

  /** The host's connection came back: retry at once, with a fresh backoff. */
  setOnline(): void {
    this.online = true;
    this.failures = 0;
    this.wake();
  }

  /** The host knows it is offline: no attempts (they would only cost battery) until setOnline(). */
  setOffline(): void {
    this.online = false;
    if (!this.pumping) this.cancelTimer();
    this.emit();
  }

  /** The device token was renewed after an `unauthorized` stop. */
  resume(): void {
    this.authBlocked = false;
    this.authRetried = false;
    this.failures = 0;
    this.wake();
  }

  setBatchInterval(ms: number): void {
    if (ms === this.batchIntervalMs) return;
    this.batchIntervalMs = ms;
    // A pending tick follows the new interval; a pending retry keeps its backoff.
    if (this.timer !== null && this.failures === 0) this.schedule();
  }

  private state(): SenderState {
    if (!this.running) return 'stopped';
    if (this.authBlocked) return 'unauthorized';
    if (this.pumping || this.sosInFlight.size > 0) return 'sending';
    if (!this.online) return 'offline';
    return this.failures > 0 ? 'waiting' : 'idle';
  }

  private wake(): void {
    if (!this.running || this.authBlocked) {
      this.emit();
      return;
    }
    if (this.pumping) {
      this.wakeAgain = true;
      return;
    }
    void this.pump();
  }

  private pump(): Promise<void> {
    if (this.pumping) return this.pumping;
    this.cancelTimer();
    this.pumping = this.drain().finally(() => {
      this.pumping = null;
      if (this.wakeAgain) {
        this.wakeAgain = false;
        this.wake();
      } else {
        this.schedule();
      }
    });
    this.emit();
    return this.pumping;
  }

  /** Sends batch after batch until the queue is drained, a batch is not full, or an attempt fails. */
  private async drain(): Promise<void> {
    while (this.running && !this.authBlocked) {
      const sos = [...this.sos.values()].filter((q) => !this.sosInFlight.has(q.id)).slice(0, this.batchLimit);
      let batch: QueuedFix[];
      try {
        batch = sos.length > 0 ? sos : await this.regularBatch();
      } catch (error) {
        this.fail(`the queue could not be read: ${describe(error)}`, null);
        return;
      }
      if (batch.length === 0) return;
      for (const q of sos) this.sosInFlight.add(q.id);
      const outcome = await this.deliver(batch).finally(() => {
        for (const q of sos) this.sosInFlight.delete(q.id);
      });
      if (outcome === 'failed') return;
      if (outcome === 'again' || sos.length > 0) continue;
      // A batch that was not full took everything there was; the next tick takes what came since.
      if (batch.length < this.batchLimit && !this.hasSosToSend()) return;
    }
  }

  private async regularBatch(): Promise<QueuedFix[]> {
    // SOS fixes are in the store too (so none is lost) but travel on their own.
    const peeked = await this.options.store.peek(this.batchLimit + this.sos.size);
    return peeked.filter((q) => !this.sos.has(q.id)).slice(0, this.batchLimit);
  }

  /**
   * The SOS fixes an earlier run (a reloaded page, a killed app) queued but never had answered: they go
   * first again, on their own. Looked up once per Sender, as later it knows every SOS it queued.
   */
  private async recoverSos(): Promise<void> {
    this.sosRecovered = true;
    try {
      for (const q of await this.options.store.peekSos(this.batchLimit)) this.sos.set(q.id, q);
    } catch (error) {
      // Not lost: they are still in the queue and go in its order, once, like any fix.
      this.lastError = `the queued SOS fixes could not be read: ${describe(error)}`;
    }
  }

  private hasSosToSend(): boolean {
    for (const id of this.sos.keys()) if (!this.sosInFlight.has(id)) return true;
    return false;
  }

  private async sendSos(sos: QueuedFix[]): Promise<void> {
    // Not while the token is refused, nor twice at once: the drain loop sends it first instead.
    const fresh = sos.filter((q) => !this.sosInFlight.has(q.id));
    if (!this.running || this.authBlocked || fresh.length === 0) return;
    for (const q of fresh) this.sosInFlight.add(q.id);
    this.emit();
    const outcome = await this.deliver(fresh).finally(() => {
      for (const q of fresh) this.sosInFlight.delete(q.id);
    });
    if (outcome === 'again') this.wake();
    else if (outcome === 'failed' && !this.pumping && !this.authBlocked) this.schedule();
    this.emit();
  }

  /** One request: 'answered' (the batch left the queue), 'failed' (retry later), 'again' (retry now). */
  private async deliver(batch: QueuedFix[]): Promise<Outcome> {
    const { clock, timers, transport } = this.options;
    const sentAt = clock.now();
    let response: Awaited<ReturnType<Transport>>;
    try {
      const fixes = batch.map((q) => q.fix);
      response = await withTimeout(() => transport(fixes), this.options.requestTimeoutMs ?? 30_000, timers);
    } catch (error) {
      this.fail(describe(error), null);
      return 'failed';
    }
    const receivedAt = clock.now();
    const server = serverTimeOf(response);
    if (server) {
      this.options.onClockSample?.({
        sentAt,
        receivedAt,
        serverTime: server.time,
        resolutionMs: server.resolutionMs,
      });
    }
    const verdict = judge(response, batch.length, receivedAt);
    try {
      switch (verdict.kind) {
        case 'ack':
          await this.acknowledge(batch, verdict.result, receivedAt);
          return 'answered';
        case 'too-large':
          // The body is over the server's size limit: halve the batches until they fit.
          if (batch.length > 1) {
            this.batchLimit = Math.ceil(batch.length / 2);
            return 'again';
          }
          await this.acknowledge(
            batch,
            { accepted: 0, duplicates: 0, rejected: [{ index: 0, reason: 'too large for the server' }] },
            receivedAt,
          );
          return 'answered';
        case 'auth':
          return (await this.refused(verdict.status)) ? 'again' : 'failed';
        case 'retry':
          this.fail(verdict.reason, verdict.retryAfterMs);
          return 'failed';
      }
    } catch (error) {
      // The store could not remove what was answered: the fixes are sent again and count as duplicates.
      this.fail(`the queue could not be updated: ${describe(error)}`, null);
      return 'failed';
    }
  }

  private async acknowledge(batch: QueuedFix[], result: IngestResult, at: number): Promise<void> {
    await this.options.store.remove(batch.map((q) => q.id));
    for (const q of batch) this.sos.delete(q.id);
    const rejected = result.rejected.map((r) => ({ queued: batch[r.index]!, reason: r.reason }));
    this.counts.accepted += result.accepted;
    this.counts.duplicates += result.duplicates;
    this.counts.rejected += rejected.length;
    // Older servers do not list SOS acknowledgements: an SOS they stored counts as received.
    const sosSent = batch.filter((q) => q.fix.sos === true).length;
    this.counts.sosReceived += result.sos ? result.sos.length : sosSent - sosRefused(batch, result);
    this.lastSentAt = at;
    this.lastError = null;
    this.failures = 0;
    this.authRetried = false;
    await this.recount();
    if (rejected.length > 0) {
      try {
        this.options.onRejected?.(rejected);
      } catch {
        // The host's report failing must not make the Sender think the batch was not answered.
      }
    }
  }

  /** The token was refused: true when `onAuthFailure` renewed it and sending may go on. */
  private async refused(status: number): Promise<boolean> {
    this.authBlocked = true;
    this.lastError = `HTTP ${status}: the device token was refused`;
    this.cancelTimer();
    this.emit();
    const renew = this.options.onAuthFailure;
    if (!renew || this.authRetried) return false;
    this.authRetried = true;
    let renewed = false;
    try {
      renewed = (await renew(status)) === true;
    } catch {
      renewed = false;
    }
    if (renewed) this.authBlocked = false;
    this.emit();
    return renewed && this.running;
  }

  private fail(reason: string, retryAfterMs: number | null): void {
    this.failures += 1;
    this.lastError = reason;
    const backoff = backoffDelay(this.failures, this.backoff, this.random);
    const asked = retryAfterMs === null ? 0 : Math.min(retryAfterMs, this.options.maxRetryAfterMs ?? 600_000);
    this.nextAttemptAt = this.options.clock.now() + Math.max(backoff, asked);
    this.emit();
  }

  /** Sets the one timer: the retry after a failure, or the next batch interval. */
  private schedule(): void {
    this.cancelTimer();
    if (!this.running || this.authBlocked || this.pumping || !this.online) {
      this.emit();
      return;
    }
    const now = this.options.clock.now();
    const at =
      this.failures > 0 && this.nextAttemptAt !== null ? this.nextAttemptAt : now + this.batchIntervalMs;
    this.nextAttemptAt = at;
    this.timer = this.options.timers.setTimeout(
      () => {
        this.timer = null;
        void this.pump();
      },
      Math.max(0, at - now),
    );
    this.emit();
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private async recount(): Promise<void> {
    try {
      this.counts.queued = await this.options.store.count();
    } catch {
      // Only a display figure: keep the last one.
    }
    this.emit();
  }

  private emit(): void {
    this.options.onStatus?.(this.status());
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** SOS fixes of the batch the server refused (only meaningful when it does not list SOS itself). */
function sosRefused(batch: QueuedFix[], result: IngestResult): number {
  return result.rejected.filter((r) => batch[r.index]?.fix.sos === true).length;
}

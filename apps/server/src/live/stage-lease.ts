import { StorageType } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

export interface StageLeaseOptions {
  /** Who we are, written into the lease: a pod or host name plus the process id reads well. */
  owner: string;
  bucket?: string;
  /**
   * How long a lease lives without renewal. The bucket's age limit removes an unrenewed entry after
   * this, and a standby creates it afresh: take-over happens within about ttl + renew interval.
   */
  ttlMs?: number;
  /** JetStream replicas of the bucket: 3 on a NATS cluster of three. */
  replicas?: number;
  /** Told when a stage is ours (load it and start publishing) and when it no longer is (stop at once). */
  onAcquired?: (stageId: string) => void;
  onLost?: (stageId: string) => void;
  onError?: (error: unknown, context: string) => void;
}

interface Held {
  revision: number;
  /** Past this local time, without a successful renewal, someone else may hold it: we must not act. */
  validUntil: number;
}

/**
 * One active processor per stage, through JetStream key-value: a lease is a key per stage whose value
 * names its owner. Taking one is a create (fails while the key exists); renewing is an update checked
 * against the revision we wrote (fails if anyone else wrote since); the bucket's age limit deletes a
 * lease nobody renews, so a standby's next create succeeds after the owner died.
 */
export class StageLeases {
  readonly kv: KV;
  readonly owner: string;
  readonly ttlMs: number;
  private readonly options: StageLeaseOptions;
  private readonly wanted = new Set<string>();
  private readonly held = new Map<string, Held>();
  /** Stages onAcquired was told about and onLost not yet: each change is told exactly once. */
  private readonly announced = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> = Promise.resolve();

  private constructor(kv: KV, options: StageLeaseOptions, ttlMs: number) {
    this.kv = kv;
    this.owner = options.owner;
    this.options = options;
    this.ttlMs = ttlMs;
  }

  static async open(nc: NatsConnection, options: StageLeaseOptions): Promise<StageLeases> {
    const ttlMs = options.ttlMs ?? 3000;
    const kv = await new Kvm(nc).create(options.bucket ?? 'echelon_leases', {
      ttl: ttlMs,
      history: 1,
      // A lease is worth nothing after a NATS restart longer than its TTL: memory is enough and fast.
      storage: StorageType.Memory,
      replicas: options.replicas ?? 1,
    });
    return new StageLeases(kv, options, ttlMs);
  }

  /** Whether we hold the stage's lease right now; the processor checks it before publishing a frame. */
  holds(stageId: string): boolean {
    const lease = this.held.get(stageId);
    return lease !== undefined && Date.now() < lease.validUntil;
  }

  /** The owner named in a stage's lease, or null when nobody holds it. */
  async holder(stageId: string): Promise<string | null> {
    const entry = await this.kv.get(stageId);
    if (entry?.operation !== 'PUT') return null;
    return entry.string();
  }

  /** Tries once to take the stage, or to renew it if it is ours; true when we hold it afterwards. */
  async tryAcquire(stageId: string): Promise<boolean> {
    const started = Date.now();
    const lease = this.held.get(stageId);
    try {
      const revision = lease
        ? await this.kv.update(stageId, this.owner, lease.revision)
        : await this.kv.create(stageId, this.owner);
      // Validity counts from before the request: the server's clock on the entry started no earlier.
      this.held.set(stageId, { revision, validUntil: started + this.ttlMs - this.renewEveryMs() / 2 });
      return true;
    } catch (error) {
      if (lease) this.held.delete(stageId);
      if (!isWrongRevision(error)) this.options.onError?.(error, `lease of stage ${stageId}`);
      return false;
    }
  }

  /** Gives a stage up at once (a clean shutdown): a standby takes it on its next round, not after the TTL. */
  async release(stageId: string): Promise<void> {
    this.wanted.delete(stageId);
    const lease = this.held.get(stageId);
    if (!lease) return;
    this.held.delete(stageId);
    if (this.announced.delete(stageId)) this.options.onLost?.(stageId);
    await this.kv.delete(stageId, { previousSeq: lease.revision }).catch(() => {});
  }

  /**
   * Keeps competing for these stages: every third of the TTL, renews the ones held and tries to take
   * the others. Call it whenever the set of running stages changes.
   */
  want(stageIds: Iterable<string>): void {
    for (const id of stageIds) this.wanted.add(id);
    if (!this.timer) {
      this.timer = setInterval(() => this.schedule(), this.renewEveryMs());
      this.timer.unref();
    }
    this.schedule();
  }

  /** Stops competing for a stage (it finished): releases it if held. */
  async forget(stageId: string): Promise<void> {
    await this.release(stageId);
  }

  /** Runs one round now and waits for it (tests, start-up). */
  async settle(): Promise<void> {
    this.schedule();
    await this.round;
  }

  /** Releases every lease, so a standby takes over without waiting for the TTL. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
    for (const stageId of [...this.held.keys()]) await this.release(stageId);
    this.wanted.clear();
  }

  /** Stops renewing without releasing: what a crash looks like to the others (tests). */
  abandon(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.wanted.clear();
    this.held.clear();
    this.announced.clear();
  }

  private renewEveryMs(): number {
    return Math.max(100, Math.floor(this.ttlMs / 3));
  }

  private schedule(): void {
    // Rounds never overlap: two concurrent updates from the same owner would fail each other's revision.
    this.round = this.round.then(() => this.runRound());
  }

  private async runRound(): Promise<void> {
    for (const stageId of [...this.wanted]) {
      const has = await this.tryAcquire(stageId);
      if (has && !this.announced.has(stageId)) {
        this.announced.add(stageId);
        this.options.onAcquired?.(stageId);
      } else if (!has && this.announced.delete(stageId)) {
        this.options.onLost?.(stageId);
      }
    }
  }
}

/** create() on an existing key and update() on a changed one fail with "wrong last sequence". */
function isWrongRevision(error: unknown): boolean {
  const text = String((error as { message?: unknown })?.message ?? error);
  return /wrong last sequence|key exists/i.test(text);
}

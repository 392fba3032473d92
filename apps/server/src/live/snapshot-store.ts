import { StorageType } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { SnapshotSource } from './gateway.ts';

export interface SnapshotStoreOptions {
  bucket?: string;
  /** A stage's snapshot is dropped this long after its last update (finished stages are served from the database). */
  maxAgeMs?: number;
  replicas?: number;
  onError?: (error: unknown, context: string) => void;
}

const decoder = new TextDecoder();

/**
 * The latest snapshot of every running stage, in JetStream key-value: the processor that owns a stage
 * puts it each tick, gateways follow the bucket into memory. A crowd reconnecting after a gateway
 * died is answered from that memory, so it never reaches PostgreSQL (nor the processor).
 */
export class SnapshotStore implements SnapshotSource {
  readonly kv: KV;
  private readonly latest = new Map<string, string>();
  private readonly onError: (error: unknown, context: string) => void;
  private watcher: Awaited<ReturnType<KV['watch']>> | null = null;

  private constructor(kv: KV, onError: SnapshotStoreOptions['onError']) {
    this.kv = kv;
    this.onError = onError ?? ((error, context) => console.error(`snapshot store: ${context}`, error));
  }

  static async open(nc: NatsConnection, options: SnapshotStoreOptions = {}): Promise<SnapshotStore> {
    const kv = await new Kvm(nc).create(options.bucket ?? 'echelon_snapshots', {
      history: 1,
      ttl: options.maxAgeMs ?? 24 * 60 * 60 * 1000,
      // On disk: after a NATS restart gateways still have something to send before the next tick.
      storage: StorageType.File,
      replicas: options.replicas ?? 1,
    });
    return new SnapshotStore(kv, options.onError);
  }

  /** The owner of the stage stores its latest snapshot; only the last one is kept. */
  async put(stageId: string, snapshot: string): Promise<void> {
    await this.kv.put(stageId, snapshot);
  }

  /** Straight from the bucket (one round trip); null when the stage has none. */
  async get(stageId: string): Promise<string | null> {
    const entry = await this.kv.get(stageId);
    if (entry?.operation !== 'PUT') return null;
    return entry.string();
  }

  async delete(stageId: string): Promise<void> {
    this.latest.delete(stageId);
    await this.kv.delete(stageId);
  }

  /**
   * Keeps every stage's latest snapshot in memory from now on; resolves once the values present at the
   * call are loaded, so `snapshot()` answers synchronously, as the gateway's SnapshotSource must.
   */
  async follow(): Promise<void> {
    if (this.watcher) return;
    const watcher = await this.kv.watch();
    this.watcher = watcher;
    let initial: () => void = () => {};
    const loaded = new Promise<void>((resolve) => {
      initial = resolve;
    });
    // An empty bucket sends no entry at all: the watcher's first "caught up" point is then now.
    let seenAny = false;
    void (async () => {
      for await (const entry of watcher) {
        if (entry.operation === 'PUT') this.latest.set(entry.key, decoder.decode(entry.value));
        else this.latest.delete(entry.key);
        seenAny = true;
        if (entry.delta === 0) initial();
      }
    })().catch((error) => this.onError(error, 'watching snapshots'));
    const status = await this.kv.status();
    if (status.values === 0 && !seenAny) initial();
    await loaded;
  }

  /**
   * Makes sure a stage's snapshot is in memory before `snapshot()` is asked (the live routes' source
   * interface): normally the watch has it already; a stage missing here is fetched once.
   */
  async ensure(stageId: string): Promise<void> {
    if (this.latest.has(stageId)) return;
    const snapshot = await this.get(stageId);
    if (snapshot !== null && !this.latest.has(stageId)) this.latest.set(stageId, snapshot);
  }

  /** The latest snapshot known in memory (follow() must have been called), or null. */
  snapshot(stageId: string): string | null {
    return this.latest.get(stageId) ?? null;
  }

  stop(): void {
    this.watcher?.stop();
    this.watcher = null;
  }
}

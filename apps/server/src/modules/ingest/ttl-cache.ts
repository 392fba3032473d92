import type { Gathering } from './batch-loader.ts';

/**
 * A small time-bounded cache of lookups, so a tracker sending every second does not cost a database
 * query every second. Concurrent loads of one key share one query. When a reload fails (the database
 * is down) the expired value is served instead, so known trackers keep being accepted through an outage.
 */
export class TtlCache<V> {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly gathering: Gathering | null;
  private readonly entries = new Map<string, { value: Promise<V>; expires: number; refreshing?: boolean }>();

  /**
   * `gatherRefreshes`: background reloads wait there first (nobody waits for them), so the reloads of
   * entries expiring at about the same time meet and a BatchLoader under them makes one query of them.
   */
  constructor(ttlMs: number, options: { maxEntries?: number; gatherRefreshes?: Gathering } = {}) {
    this.ttlMs = ttlMs;
    this.maxEntries = options.maxEntries ?? 50_000;
    this.gathering = options.gatherRefreshes ?? null;
  }

  /**
   * The cached value, else `load`'s; an entry in its last fifth is reloaded with `load` in the
   * background. `load` is given the key, so a caller may pass one function made once, not a closure
   * per call.
   */
  getOrLoad(key: string, load: (key: string) => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) {
      // In the last fifth of its life an entry is reloaded in the background: a tracker sending every
      // second never waits for its credential again, and a revocation is still seen within the TTL.
      if (hit.expires - now < this.ttlMs / 5 && !hit.refreshing) this.refresh(key, hit, load);
      return hit.value;
    }
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const loaded = load(key);
    const value = hit ? loaded.catch(() => hit.value) : loaded;
    this.entries.set(key, { value, expires: now + this.ttlMs });
    loaded.catch(() => {
      // Without a previous value the failure is final; with one, retry the load on the next call.
      if (!hit) this.entries.delete(key);
      else if (this.entries.get(key)?.value === value)
        this.entries.set(key, { value: hit.value, expires: 0 });
    });
    return value;
  }

  private refresh(
    key: string,
    hit: { value: Promise<V>; expires: number; refreshing?: boolean },
    load: (key: string) => Promise<V>,
  ): void {
    hit.refreshing = true;
    const reload = this.gathering ? this.gathering.wait().then(() => load(key)) : load(key);
    reload.then(
      (value) => {
        // Unless cleared (a revocation) or replaced meanwhile.
        if (this.entries.get(key) === hit)
          this.entries.set(key, { value: Promise.resolve(value), expires: Date.now() + this.ttlMs });
      },
      () => {
        hit.refreshing = false;
      },
    );
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * A small time-bounded cache of lookups, so a tracker sending every second does not cost a database
 * query every second. Concurrent loads of one key share one query. When a reload fails (the database
 * is down) the expired value is served instead, so known trackers keep being accepted through an outage.
 */
export class TtlCache<V> {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, { value: Promise<V>; expires: number }>();

  constructor(ttlMs: number, maxEntries = 50_000) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
  }

  getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const loaded = load();
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

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Coalesces the lookups asked for within `windowMs` (a turn of the event loop when 0) into one query: when thousands of
 * trackers' cached credentials expire together (they came online together), the database answers one
 * `in (…)` query instead of a query per tracker. Each caller gets its own key's value; a failed query
 * fails every caller of that batch (the TtlCache above it then serves what it had).
 */
export class BatchLoader<V> {
  private readonly loadMany: (keys: string[]) => Promise<Map<string, V>>;
  private readonly missing: V;
  private readonly maxBatch: number;
  private readonly windowMs: number;
  private waiting = new Map<
    string,
    Array<{ resolve: (value: V) => void; reject: (error: unknown) => void }>
  >();
  private scheduled = false;

  /** `loadMany` answers the keys it found; the others get `missing`. */
  constructor(
    loadMany: (keys: string[]) => Promise<Map<string, V>>,
    missing: V,
    options: { maxBatch?: number; windowMs?: number } = {},
  ) {
    this.loadMany = loadMany;
    this.missing = missing;
    this.maxBatch = options.maxBatch ?? 1000;
    this.windowMs = options.windowMs ?? 0;
  }

  load(key: string): Promise<V> {
    return new Promise((resolve, reject) => {
      const callers = this.waiting.get(key);
      if (callers) callers.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        if (this.windowMs > 0) setTimeout(() => this.run(), this.windowMs);
        else setImmediate(() => this.run());
      }
    });
  }

  private run(): void {
    this.scheduled = false;
    const batch = this.waiting;
    this.waiting = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += this.maxBatch) {
      const slice = keys.slice(i, i + this.maxBatch);
      this.loadMany(slice).then(
        (found) => {
          for (const key of slice) {
            const value = found.has(key) ? found.get(key)! : this.missing;
            for (const caller of batch.get(key)!) caller.resolve(value);
          }
        },
        (error: unknown) => {
          for (const key of slice) for (const caller of batch.get(key)!) caller.reject(error);
        },
      );
    }
  }
}

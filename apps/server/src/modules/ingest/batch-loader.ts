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

/**
 * How long background refreshes of cached credentials gather before their one query: 2,000 trackers'
 * entries refreshing every 8 s are then a few queries a second, not 250 (on the embedded database, one
 * connection shared with every fix insert). An entry refreshes in its last fifth, 2 s to spare.
 */
export const REFRESH_GATHERING_MS = 250;

/**
 * Lets callers through together: everyone who waits within `windowMs` of the first goes on at the same
 * moment. Background refreshes of cached credentials wait here, so their lookups meet in one turn of
 * the event loop and a BatchLoader under them makes one query of them, not one per tracker.
 */
export class Gathering {
  private readonly windowMs: number;
  private next: Promise<void> | null = null;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  wait(): Promise<void> {
    this.next ??= new Promise((resolve) =>
      setTimeout(() => {
        this.next = null;
        resolve();
      }, this.windowMs),
    );
    return this.next;
  }
}

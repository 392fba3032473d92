/** An answer as sent to anonymous callers, kept for a moment so a crowd's identical reads share it. */
export interface CachedAnswer {
  payload: string | Buffer;
  headers: Record<string, string>;
  etag: string;
  lastModified: Date | null;
}

/**
 * A micro-cache of public answers by URL: each kept for `ttlMs` (about a tick), bounded by size, oldest
 * dropped first. When the crowd arrives after the finish, one read a second goes to the database and the
 * rest are answered from memory — what a CDN would do, for installations without one.
 */
export class MicroCache {
  private readonly entries = new Map<string, CachedAnswer & { expires: number; size: number }>();
  private size = 0;
  private readonly ttlMs: number;
  private readonly maxBytes: number;

  constructor(ttlMs: number, maxBytes = 64 * 1024 * 1024) {
    this.ttlMs = ttlMs;
    this.maxBytes = maxBytes;
  }

  get(key: string, now = Date.now()): CachedAnswer | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expires > now) return entry;
    this.drop(key);
    return null;
  }

  set(key: string, answer: CachedAnswer, now = Date.now()): void {
    const size = typeof answer.payload === 'string' ? answer.payload.length : answer.payload.byteLength;
    if (size > this.maxBytes / 4) return;
    this.drop(key);
    this.entries.set(key, { ...answer, expires: now + this.ttlMs, size });
    this.size += size;
    for (const oldest of this.entries.keys()) {
      if (this.size <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  /** Something changed through this process: what it kept may be outdated. */
  clear(): void {
    this.entries.clear();
    this.size = 0;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.size -= entry.size;
  }
}

import { type EncodedBodies, encodeOnce } from './kept-encodings.ts';

/** One public answer as it was sent: its bytes and the headers that describe it, computed once. */
export interface CachedAnswer {
  body: string | Buffer;
  contentType: string | null;
  etag: string;
  cacheControl: string;
  /** An HTTP date, or null where the route has none. */
  lastModified: string | null;
  /**
   * The race the answer is about, which an event about that race drops; null for answers that span
   * races (listings, all-time statistics, a rider's page with the same person's other races), which
   * an event about any race drops.
   */
  raceId: string | null;
}

/**
 * A kept answer with its body compressed once (gzip and brotli, null below the size worth it): made
 * when it is kept, off the main thread, and sent to every hit that asks for it as it is.
 */
export interface KeptAnswer extends CachedAnswer {
  readonly encoded: Promise<EncodedBodies | null>;
}

/** A read that missed: whatever it answers is kept only if nothing it depends on changed meanwhile. */
export interface LoadTicket {
  readonly key: string;
  /** The answers that differ from this one only by their query (filters, format): one route's, one race's. */
  readonly family: string;
  /** The invalidation sequence number when the read began. */
  readonly since: number;
}

interface Entry {
  answer: KeptAnswer;
  family: string;
  bytes: number;
  expiresAt: number;
}

interface Pending {
  owner: LoadTicket;
  promise: Promise<KeptAnswer | null>;
  settle: (answer: KeptAnswer | null) => void;
}

export interface PublicReadsCacheOptions {
  /** The answers kept weigh at most this much (bytes); the least recently read go first. */
  maxBytes?: number;
  /**
   * How long an answer is trusted without an event saying it changed: only a guard against an event
   * lost between processes (a NATS outage); in one process every change is heard.
   */
  ttlMs?: number;
  /**
   * At most this many answers of one family (one route and its params, told apart by their query) are
   * kept: a stranger's random values of a known filter (`?category=…`) each cost a computation, as any
   * read does, but cannot fill the cache and evict the answers everyone reads.
   */
  maxPerFamily?: number;
  now?: () => number;
  /** Compresses a kept body (zlib's async APIs by default). */
  encode?: (body: string | Buffer) => Promise<EncodedBodies | null>;
}

/** A family's route (`publicReadKey`: the route, a space, then its params). */
function routeOf(family: string): string {
  const space = family.indexOf(' ');
  return space < 0 ? family : family.slice(0, space);
}

/** How many recent invalidations are remembered to judge reads still in flight. */
const LOG_SIZE = 1024;

/**
 * Public answers (anonymous reads of public races) kept whole, so a hit costs no query: the body, its
 * ETag and its Cache-Control as they were first sent, and the body compressed once (`encoded`), so a
 * hit costs no compression either. It is never stale because every change that
 * could alter an answer drops it at the source: stored or stale-marked results, race edits, status,
 * visibility and start lists, approvals (`forget`, wired in services.ts and app.ts; other processes
 * hear it on the bus as `public-reads` events). A read that began before an invalidation of what it
 * depends on does not store what it read (it may have read the old rows). Concurrent misses of one
 * answer wait for the first one (`waitFor`), so a crowd arriving at once costs one computation.
 */
export class PublicReadsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Pending>();
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly maxPerFamily: number;
  private readonly now: () => number;
  /** How many answers of each family are kept. */
  private readonly families = new Map<string, number>();
  private bytes = 0;
  private seq = 0;
  /** The last invalidations, oldest first: [sequence number, race or null for all, route or null for all]. */
  private readonly log: Array<[number, string | null, string | null]> = [];
  /** `encoded`: bodies compressed when kept (one per answer stored, never one per hit). */
  readonly counts = { hits: 0, misses: 0, stored: 0, refused: 0, encoded: 0 };
  private readonly encode: (body: string | Buffer) => Promise<EncodedBodies | null>;
  private readonly forgetListeners: Array<(raceId: string | null) => void> = [];

  constructor(options: PublicReadsCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 128 * 1024 * 1024;
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxPerFamily = options.maxPerFamily ?? 64;
    this.now = options.now ?? Date.now;
    this.encode = options.encode ?? encodeOnce;
  }

  /** The kept answer, or undefined. */
  get(key: string): KeptAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.drop(key, entry);
      return undefined;
    }
    // Map order is recency: the least recently read answer is the first evicted.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.counts.hits++;
    return entry.answer;
  }

  /** The answer another read is computing right now (null if it turns out not to be kept), if any. */
  waitFor(key: string): Promise<KeptAnswer | null> | undefined {
    return this.pending.get(key)?.promise;
  }

  /** A miss: this read computes the answer; others asking meanwhile wait for it. */
  begin(key: string, family: string = key): LoadTicket {
    this.counts.misses++;
    const ticket: LoadTicket = { key, family, since: this.seq };
    if (!this.pending.has(key)) {
      let settle!: (answer: KeptAnswer | null) => void;
      const promise = new Promise<KeptAnswer | null>((resolve) => {
        settle = resolve;
      });
      this.pending.set(key, { owner: ticket, promise, settle });
    }
    return ticket;
  }

  /**
   * Keeps the answer of a read that missed, unless what it depends on changed since it began, and
   * begins compressing it; the answer as kept, or null when it was not. `encoded`: where its body
   * compressed already comes from (a stored answer's compressions, read from the database), asked only
   * when a request first wants a coding, never for a crowd that asks for none.
   */
  store(
    ticket: LoadTicket,
    answer: CachedAnswer,
    encoded?: () => Promise<EncodedBodies | null>,
  ): KeptAnswer | null {
    const bytes = typeof answer.body === 'string' ? Buffer.byteLength(answer.body) : answer.body.length;
    const old = this.entries.get(ticket.key);
    const crowded = !old && (this.families.get(ticket.family) ?? 0) >= this.maxPerFamily;
    if (
      this.changedSince(ticket.since, answer.raceId, ticket.family) ||
      bytes > this.maxBytes / 4 ||
      crowded
    ) {
      this.counts.refused++;
      this.settle(ticket, null);
      return null;
    }
    if (old) this.drop(ticket.key, old);
    this.counts.encoded++;
    let entry: Entry | null = null;
    let made: Promise<EncodedBodies | null> | null = null;
    const make = () => {
      // A failed compression leaves the answer kept and sent as it is (the on-the-fly compression then
      // serves those who ask for a coding).
      const bodies = (encoded ? encoded() : this.encode(answer.body)).catch(() => null);
      // The compressed bodies weigh on the budget too, once made, while the answer is still kept.
      void bodies.then((bodies) => {
        if (bodies === null || entry === null || this.entries.get(ticket.key) !== entry) return;
        const more = bodies.br.length + bodies.gzip.length;
        entry.bytes += more;
        this.bytes += more;
        this.evictOverBudget();
      });
      return bodies;
    };
    const kept: KeptAnswer = {
      ...answer,
      get encoded() {
        made ??= make();
        return made;
      },
    };
    entry = { answer: kept, family: ticket.family, bytes, expiresAt: this.now() + this.ttlMs };
    this.entries.set(ticket.key, entry);
    // Compressed now, off the main thread, so the first hits need not wait; what is read already
    // compressed is read when first asked for.
    if (!encoded) void kept.encoded;
    this.families.set(ticket.family, (this.families.get(ticket.family) ?? 0) + 1);
    this.bytes += bytes;
    this.counts.stored++;
    this.evictOverBudget();
    this.settle(ticket, kept);
    return kept;
  }

  /** The read that missed ends without an answer to keep (an error, a private race, a signed-in view). */
  abandon(ticket: LoadTicket): void {
    this.settle(ticket, null);
  }

  /**
   * Something about a race changed (null: something any answer may depend on): its answers, and every
   * answer spanning races, go; reads in flight that depend on it will not keep what they read.
   */
  forget(raceId: string | null): void {
    for (const listener of this.forgetListeners) listener(raceId);
    this.logged(raceId, null);
    for (const [key, entry] of this.entries) {
      if (raceId === null || entry.answer.raceId === null || entry.answer.raceId === raceId)
        this.drop(key, entry);
    }
  }

  /**
   * Only one route's answers about a race changed (a stage's replay summary stored: its tracks): those
   * go, and reads of them in flight will not keep what they read; the race's other answers, and those
   * spanning races, stay. Nothing else is told (the statistics' shares never read that route).
   */
  forgetRoute(raceId: string, route: string): void {
    this.logged(raceId, route);
    for (const [key, entry] of this.entries) {
      if (entry.answer.raceId === raceId && routeOf(entry.family) === route) this.drop(key, entry);
    }
  }

  /** Hears every `forget`: what is kept elsewhere from the same reads (the all-time statistics' shares). */
  onForget(listener: (raceId: string | null) => void): void {
    this.forgetListeners.push(listener);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The least recently read answers go until the kept ones fit the budget. */
  private evictOverBudget(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(key, entry);
    }
  }

  private logged(raceId: string | null, route: string | null): void {
    this.seq++;
    this.log.push([this.seq, raceId, route]);
    if (this.log.length > LOG_SIZE) this.log.shift();
  }

  private changedSince(since: number, raceId: string | null, family: string): boolean {
    if (since === this.seq) return false;
    const oldest = this.log[0]?.[0] ?? this.seq + 1;
    // Older than the log remembers: assume the worst.
    if (since + 1 < oldest) return true;
    return this.log.some(
      ([seq, race, route]) =>
        seq > since &&
        (route === null ? race === null || raceId === null || race === raceId : race === raceId) &&
        (route === null || routeOf(family) === route),
    );
  }

  /** Only the read that began the wait ends it (a later miss of the same answer may have begun another). */
  private settle(ticket: LoadTicket, answer: KeptAnswer | null): void {
    const pending = this.pending.get(ticket.key);
    if (pending?.owner !== ticket) return;
    this.pending.delete(ticket.key);
    pending.settle(answer);
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    const left = (this.families.get(entry.family) ?? 1) - 1;
    if (left > 0) this.families.set(entry.family, left);
    else this.families.delete(entry.family);
  }
}

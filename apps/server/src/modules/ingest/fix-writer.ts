import type { FixInsert, IngestRepository } from './ingest.repository.ts';

interface Pending {
  rows: FixInsert[];
  resolve: (inserted: Set<string>) => void;
  reject: (error: unknown) => void;
}

/** Hears the fixes a commit stored (new ones only): the results store marks their stages stale. */
export type StoredListener = (fixes: Array<{ registrationId: string; time: number }>) => Promise<void>;

export const fixKey = (registrationId: string, time: number) => `${registrationId}@${time}`;

/**
 * Group commit: fixes from concurrent requests are written together, one multi-row insert per flush,
 * and every request learns which of its fixes were new once they are stored. Many small requests
 * (one fix each, as trackers send) thus cost a few statements a second instead of one each.
 *
 * One request's rows must never fail another's: when the shared insert fails, each request's rows are
 * written again on their own, so only the request whose rows the database refuses (a registration
 * deleted meanwhile, a value its columns cannot hold) gets the error.
 */
export class FixWriter {
  private readonly repo: IngestRepository;
  private readonly maxDelayMs: number;
  private readonly maxRows: number;
  private queue: Pending[] = [];
  private queuedRows = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly onStored: StoredListener;

  constructor(
    repo: IngestRepository,
    options: { maxDelayMs?: number; maxRows?: number; onStored?: StoredListener } = {},
  ) {
    this.repo = repo;
    this.maxDelayMs = options.maxDelayMs ?? 10;
    this.maxRows = options.maxRows ?? 5000;
    this.onStored = options.onStored ?? (async () => {});
  }

  /** Resolves with the keys (fixKey) of the rows that were not stored before. */
  write(rows: FixInsert[]): Promise<Set<string>> {
    if (rows.length === 0) return Promise.resolve(new Set());
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queuedRows += rows.length;
      if (this.queuedRows >= this.maxRows) this.flushSoon(0);
      else this.flushSoon(this.maxDelayMs);
    });
  }

  private flushSoon(delay: number): void {
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // Flushes run one after another so rows are written in arrival order.
      this.flushing = this.flushing.then(() => this.flush());
    }, delay);
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.queuedRows = 0;
    if (batch.length === 0) return;
    try {
      const inserted = await this.repo.insertFixes(batch.flatMap((p) => p.rows));
      // Before the fixes are acknowledged, so a read right after sees results marked stale.
      if (inserted.length > 0) await this.onStored(inserted);
      const keys = new Set(inserted.map((r) => fixKey(r.registrationId, r.time)));
      for (const pending of batch) pending.resolve(keys);
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      else await this.writeEachAlone(batch);
    }
  }

  /** After a shared insert failed: every request's rows in a statement of their own, one after another. */
  private async writeEachAlone(batch: Pending[]): Promise<void> {
    for (const pending of batch) {
      try {
        const inserted = await this.repo.insertFixes(pending.rows);
        pending.resolve(new Set(inserted.map((r) => fixKey(r.registrationId, r.time))));
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  /** Writes whatever is queued; for shutdown and tests. */
  async drain(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.flushing = this.flushing.then(() => this.flush());
    await this.flushing;
  }
}

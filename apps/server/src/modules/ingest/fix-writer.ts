import { isKeyConflict } from '../../db/errors.ts';
import { distinctRows, type LostKeys } from './group-rows.ts';
import type { FixInsert } from './ingest.repository.ts';

/** Which rows of a write were not stored before (the others were duplicates). */
export interface NewRows {
  has(registrationId: string, time: number): boolean;
}

interface Pending {
  rows: FixInsert[];
  resolve: (inserted: NewRows) => void;
  reject: (error: unknown) => void;
}

/** What the writer stores through: IngestRepository (a stand-in in unit tests). */
export interface FixStore {
  /** One atomic bulk write of rows with distinct keys: stores all, or none and throws. */
  copyFixes(rows: readonly FixInsert[]): Promise<void>;
  /** Stores the rows whose keys are not stored yet; answers which those were. */
  insertFixes(rows: FixInsert[]): Promise<Array<{ registrationId: string; time: number }>>;
}

/**
 * Hears the rows a commit stored (new ones only), whole: the results store marks their stages stale
 * and feeds running stages' progress with them.
 */
export type StoredListener = (fixes: FixInsert[]) => Promise<void>;

export const fixKey = (registrationId: string, time: number) => `${registrationId}@${time}`;

/** Every row of the group was new: the common case, answered without a key per row (callers may test for it). */
export const ALL_NEW: NewRows = { has: () => true };

function newRowsOf(inserted: ReadonlyArray<{ registrationId: string; time: number }>): NewRows {
  const keys = new Set(inserted.map((r) => fixKey(r.registrationId, r.time)));
  return { has: (registrationId, time) => keys.has(fixKey(registrationId, time)) };
}

/** The rows an insert stored (it answers their keys; a key twice, the first stored): all of them nearly always. */
function rowsStored(rows: FixInsert[], inserted: ReadonlyArray<{ registrationId: string; time: number }>) {
  if (inserted.length === rows.length) return rows;
  const keys = new Set(inserted.map((r) => fixKey(r.registrationId, r.time)));
  return rows.filter((row) => keys.delete(fixKey(row.registrationId, row.time)));
}

/** The group's answer for one request: new, unless an earlier request of the group held the same key. */
function answerFor(answer: NewRows, lost: LostKeys | undefined): NewRows {
  if (!lost) return answer;
  return {
    has: (registrationId, time) => answer.has(registrationId, time) && !lost.get(registrationId)?.has(time),
  };
}

/**
 * Group commit that pipelines: fixes from concurrent requests are written together, and while one
 * group commits the next gathers, so many small requests (one fix each, as trackers send) cost a few
 * statements a second instead of one each. A group starts when a statement slot is free and either
 * `minRows` rows are queued or the oldest has lingered `lingerMs` (a lone phone waits that long, a
 * crowd not at all); with `concurrency` > 1 (PostgreSQL: several pooled connections) groups commit
 * side by side. The linger matters most on PGlite, which runs on this thread: while a statement runs
 * no request is read, so without it every group would hold the two or three requests read between
 * statements (bench ingestload: 3 fixes a group). Every request learns which of its fixes were new
 * once they are stored, never before.
 *
 * A group is written with COPY, the cheapest bulk path of either database, since nearly always every
 * row is new; a key twice in the group is dropped before (`distinctRows`). When a stored key makes
 * the COPY fail (a resend, or a concurrent group holding it), the group is written again with the
 * insert that skips stored keys and answers which rows were new, and the next groups skip the COPY for
 * `conflictPauseMs`: resends come in bursts (phones emptying their queues after an outage), and each
 * failed COPY is work thrown away.
 *
 * One request's rows must never fail another's: when the shared write fails, each request's rows are
 * written again on their own, so only the request whose rows the database refuses (a registration
 * deleted meanwhile, a value its columns cannot hold) gets the error.
 */
export class FixWriter {
  private readonly repo: FixStore;
  private readonly maxRows: number;
  private readonly concurrency: number;
  private readonly minRows: number;
  private readonly lingerMs: number;
  private readonly onStored: StoredListener;
  private readonly conflictPauseMs: number;
  /** Until when groups skip the COPY, after one met a stored key (performance.now()). */
  private copyPausedUntil = 0;
  private queue: Pending[] = [];
  private queuedRows = 0;
  private inFlight = 0;
  private scheduled = false;
  private linger: NodeJS.Timeout | null = null;
  private idle: Array<() => void> = [];

  constructor(
    repo: FixStore,
    options: {
      maxRows?: number;
      concurrency?: number;
      minRows?: number;
      lingerMs?: number;
      onStored?: StoredListener;
      conflictPauseMs?: number;
    } = {},
  ) {
    this.repo = repo;
    this.maxRows = options.maxRows ?? 5000;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.minRows = options.minRows ?? 200;
    this.lingerMs = options.lingerMs ?? 4;
    this.onStored = options.onStored ?? (async () => {});
    this.conflictPauseMs = options.conflictPauseMs ?? 1000;
  }

  /** Resolves once the rows are stored, with which of them were not stored before. */
  write(rows: FixInsert[]): Promise<NewRows> {
    if (rows.length === 0) return Promise.resolve(ALL_NEW);
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queuedRows += rows.length;
      this.schedule();
    });
  }

  /**
   * Starts groups on the next turn of the event loop (the requests of this turn join them) once
   * minRows are queued, else after the linger.
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.concurrency) return;
    if (this.queuedRows < this.minRows) {
      this.linger ??= setTimeout(() => {
        this.linger = null;
        this.startGroups();
      }, this.lingerMs);
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startGroups();
    });
  }

  private startGroups(): void {
    if (this.linger) {
      clearTimeout(this.linger);
      this.linger = null;
    }
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const group = this.takeGroup();
      this.inFlight++;
      void this.commit(group).finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.schedule();
        else if (this.inFlight === 0) for (const done of this.idle.splice(0)) done();
      });
    }
  }

  /** The oldest requests, up to maxRows rows (at least one request, however large). */
  private takeGroup(): Pending[] {
    let rows = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || rows + this.queue[n]!.rows.length <= this.maxRows)) {
      rows += this.queue[n]!.rows.length;
      n++;
    }
    this.queuedRows -= rows;
    if (n === this.queue.length) {
      const group = this.queue;
      this.queue = [];
      return group;
    }
    return this.queue.splice(0, n);
  }

  private async commit(group: Pending[]): Promise<void> {
    const { rows, lost } = distinctRows(group);
    try {
      const inserted = await this.store(rows);
      // Before the fixes are acknowledged, so a read right after sees results marked stale.
      if (inserted.length > 0) await this.onStored(inserted);
      const answer = inserted.length === rows.length ? ALL_NEW : newRowsOf(inserted);
      for (let i = 0; i < group.length; i++) group[i]!.resolve(answerFor(answer, lost?.[i]));
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else await this.writeEachAlone(group);
    }
  }

  /** The rows (distinct keys) stored; answers those that were new. */
  private async store(rows: FixInsert[]): Promise<FixInsert[]> {
    if (performance.now() >= this.copyPausedUntil) {
      try {
        await this.repo.copyFixes(rows);
        return rows;
      } catch (error) {
        // Refused values or an outage: the caller writes each request alone, as after a failed insert.
        if (!isKeyConflict(error)) throw error;
        this.copyPausedUntil = performance.now() + this.conflictPauseMs;
      }
    }
    return rowsStored(rows, await this.repo.insertFixes(rows));
  }

  /**
   * After a shared write failed: every request's rows in an insert of their own, one after another (a
   * key in two requests is then new for the first only, as the database answers).
   */
  private async writeEachAlone(group: Pending[]): Promise<void> {
    for (const pending of group) {
      try {
        const inserted = rowsStored(pending.rows, await this.repo.insertFixes(pending.rows));
        if (inserted.length > 0) await this.onStored(inserted);
        pending.resolve(inserted.length === pending.rows.length ? ALL_NEW : newRowsOf(inserted));
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  /** Resolves once everything queued so far is written; for shutdown and tests. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    if (this.inFlight === 0 && !this.scheduled) this.startGroups();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}

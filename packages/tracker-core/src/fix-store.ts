import type { QueuedFix, TrackerFix } from './fix.ts';

/**
 * Where queued fixes live until the server has answered for them: IndexedDB in the browser, a file or
 * SQLite in a native app, memory in tests. Every method may be asynchronous.
 *
 * Contract (what the Sender relies on for "nothing lost, nothing twice, order kept"):
 * - `append` gives each fix an id greater than every id given before, also across restarts, and
 *   never reuses one (an IndexedDB object store with `autoIncrement` does exactly this);
 * - `peek` answers the `limit` fixes with the smallest ids, oldest first, without removing them;
 * - `remove` deletes the fixes with those ids; unknown ids are ignored (a retry may remove twice);
 * - `peekSos` answers the `limit` SOS fixes (`fix.sos`) with the smallest ids, oldest first, without
 *   removing them. They stay in the queue, and `peek` answers them too, but a reloaded page must find
 *   them without reading thousands of fixes queued before them: keep them apart (an index, a second
 *   store), and mark the SOS fixes of a queue stored before the store kept them apart when upgrading.
 */
export interface FixStore {
  append(fixes: readonly TrackerFix[]): Promise<QueuedFix[]>;
  peek(limit: number): Promise<QueuedFix[]>;
  peekSos(limit: number): Promise<QueuedFix[]>;
  remove(ids: readonly number[]): Promise<void>;
  count(): Promise<number>;
}

/** The FixStore in memory: for tests, and for a host that has no storage (fixes die with the page). */
export class MemoryFixStore implements FixStore {
  private readonly items: QueuedFix[] = [];
  private nextId: number;

  constructor(firstId = 1) {
    this.nextId = firstId;
  }

  async append(fixes: readonly TrackerFix[]): Promise<QueuedFix[]> {
    const added = fixes.map((fix) => ({ id: this.nextId++, fix: { ...fix } }));
    // Ids only grow, so appending keeps the array sorted by id.
    this.items.push(...added);
    return added.map(copy);
  }

  async peek(limit: number): Promise<QueuedFix[]> {
    return this.items.slice(0, Math.max(0, limit)).map(copy);
  }

  async peekSos(limit: number): Promise<QueuedFix[]> {
    // A scan is fine in memory; a store on disk keeps its SOS fixes apart instead.
    return this.items
      .filter((item) => item.fix.sos === true)
      .slice(0, Math.max(0, limit))
      .map(copy);
  }

  async remove(ids: readonly number[]): Promise<void> {
    const gone = new Set(ids);
    let kept = 0;
    for (const item of this.items) if (!gone.has(item.id)) this.items[kept++] = item;
    this.items.length = kept;
  }

  async count(): Promise<number> {
    return this.items.length;
  }
}

// Copies, so a caller mutating what it got cannot change what is stored (as with a real database).
const copy = (item: QueuedFix): QueuedFix => ({ id: item.id, fix: { ...item.fix } });

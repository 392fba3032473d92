import type { FixStore, QueuedFix, TrackerFix } from '@echelon/tracker-core';
import { FIX_QUEUE_DB, FIXES, openFixQueueDb, SOS } from './fix-queue-db.ts';
import { committed, request } from './idb-requests.ts';

/**
 * The tracker's queue in IndexedDB: an `autoIncrement` store gives each fix an id larger than any
 * before, across reloads, which is exactly the FixStore contract (order kept, nothing sent twice).
 * SOS fixes are also copied, under the same id, to a store of their own, written and cleared in the
 * same transactions as the queue, so `peekSos` never answers a fix the queue no longer has.
 */
export class IdbFixStore implements FixStore {
  private readonly db: Promise<IDBDatabase>;

  /** `factory`: the browser's `indexedDB`, or another implementation (tests). */
  constructor(name = FIX_QUEUE_DB, factory: IDBFactory = indexedDB) {
    this.db = openFixQueueDb(factory, name);
  }

  async append(fixes: readonly TrackerFix[]): Promise<QueuedFix[]> {
    const tx = (await this.db).transaction([FIXES, SOS], 'readwrite');
    const done = committed(tx);
    const queue = tx.objectStore(FIXES);
    const sos = tx.objectStore(SOS);
    const adds = fixes.map((fix) => {
      const add = queue.add(fix);
      // Marked in the success callback, while the transaction is still open: an SOS is never on disk
      // without its mark.
      if (fix.sos === true) add.addEventListener('success', () => sos.put(fix, add.result));
      return request(add);
    });
    const [ids] = await Promise.all([Promise.all(adds), done]);
    return fixes.map((fix, i) => ({ id: Number(ids[i]), fix: { ...fix } }));
  }

  peek(limit: number): Promise<QueuedFix[]> {
    return this.oldest(FIXES, limit);
  }

  peekSos(limit: number): Promise<QueuedFix[]> {
    return this.oldest(SOS, limit);
  }

  async remove(ids: readonly number[]): Promise<void> {
    const tx = (await this.db).transaction([FIXES, SOS], 'readwrite');
    const done = committed(tx);
    for (const id of ids) {
      tx.objectStore(FIXES).delete(id);
      tx.objectStore(SOS).delete(id);
    }
    await done;
  }

  async count(): Promise<number> {
    return request((await this.db).transaction(FIXES, 'readonly').objectStore(FIXES).count());
  }

  private async oldest(name: string, limit: number): Promise<QueuedFix[]> {
    if (limit <= 0) return [];
    const store = (await this.db).transaction(name, 'readonly').objectStore(name);
    const [keys, values] = await Promise.all([
      request(store.getAllKeys(null, limit)),
      request(store.getAll(null, limit) as IDBRequest<TrackerFix[]>),
    ]);
    return keys.map((key, i) => ({ id: Number(key), fix: values[i]! }));
  }
}

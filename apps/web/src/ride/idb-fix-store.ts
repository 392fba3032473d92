import type { FixStore, QueuedFix, TrackerFix } from '@echelon/tracker-core';

const DB = 'echelon-ride';
const STORE = 'fixes';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/**
 * The tracker's queue in IndexedDB: an `autoIncrement` store gives each fix an id larger than any
 * before, across reloads, which is exactly the FixStore contract (order kept, nothing sent twice).
 */
export class IdbFixStore implements FixStore {
  private readonly db: Promise<IDBDatabase>;

  constructor(name = DB) {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { autoIncrement: true });
    this.db = request(open);
  }

  async append(fixes: readonly TrackerFix[]): Promise<QueuedFix[]> {
    const tx = (await this.db).transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    const ids = await Promise.all(fixes.map((fix) => request(store.add(fix))));
    await done(tx);
    return fixes.map((fix, i) => ({ id: Number(ids[i]), fix: { ...fix } }));
  }

  async peek(limit: number): Promise<QueuedFix[]> {
    const store = (await this.db).transaction(STORE, 'readonly').objectStore(STORE);
    const [keys, values] = await Promise.all([
      request(store.getAllKeys(null, limit)),
      request(store.getAll(null, limit) as IDBRequest<TrackerFix[]>),
    ]);
    return keys.map((key, i) => ({ id: Number(key), fix: values[i]! }));
  }

  async remove(ids: readonly number[]): Promise<void> {
    const tx = (await this.db).transaction(STORE, 'readwrite');
    for (const id of ids) tx.objectStore(STORE).delete(id);
    await done(tx);
  }

  async count(): Promise<number> {
    return request((await this.db).transaction(STORE, 'readonly').objectStore(STORE).count());
  }
}

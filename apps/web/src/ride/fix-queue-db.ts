import type { TrackerFix } from '@echelon/tracker-core';
import { request } from './idb-requests.ts';

/**
 * The IndexedDB database of the tracker's fix queue, and how a database of any earlier version is
 * brought up to this one without losing a queued fix (a rider may reload mid-ride onto a new release).
 *
 * - version 1: `fixes`, the queue: each fix under an `autoIncrement` key, its id;
 * - version 2: `sos`, a copy of each queued SOS fix under the same id, so a reloaded page finds the SOS
 *   fixes without reading the thousands of fixes an hour offline can queue before them.
 */
export const FIX_QUEUE_DB = 'echelon-ride';
export const FIX_QUEUE_VERSION = 2;
export const FIXES = 'fixes';
export const SOS = 'sos';

export function openFixQueueDb(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  const open = factory.open(name, FIX_QUEUE_VERSION);
  open.onupgradeneeded = (event) => upgrade(open.result, open.transaction!, event.oldVersion);
  return request(open).then((db) => {
    // A newer page (a new release in another tab) is waiting to upgrade: let it, as it is the page the
    // rider uses now; this one's queue operations then fail and its Sender keeps retrying.
    db.onversionchange = () => db.close();
    return db;
  });
}

function upgrade(db: IDBDatabase, tx: IDBTransaction, from: number): void {
  if (from < 1) db.createObjectStore(FIXES, { autoIncrement: true });
  if (from < 2) {
    const sos = db.createObjectStore(SOS);
    // A queue from version 1 may hold an SOS that was never sent: it must go first after the reload too.
    // An empty queue (a new database) has nothing to scan.
    if (from >= 1) markQueuedSos(tx.objectStore(FIXES), sos);
  }
}

/** Copies every SOS fix of the queue into `sos`, within the upgrade's transaction. */
function markQueuedSos(fixes: IDBObjectStore, sos: IDBObjectStore): void {
  const cursor = fixes.openCursor();
  cursor.onsuccess = () => {
    const at = cursor.result;
    if (!at) return;
    if ((at.value as TrackerFix).sos === true) sos.put(at.value, at.primaryKey);
    at.continue();
  };
}

import { Sender, type TrackerFix, type Transport } from '@echelon/tracker-core';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { FIX_QUEUE_VERSION } from '../../src/ride/fix-queue-db.ts';
import { IdbFixStore } from '../../src/ride/idb-fix-store.ts';
import { request } from '../../src/ride/idb-requests.ts';

// The /ride queue in IndexedDB (fake-indexeddb: a pure-JS implementation), with the upgrade a rider's
// phone goes through when a new release loads over a queue the old one left.

const T0 = Date.UTC(2025, 6, 1, 12, 0, 0);
const fixAt = (second: number, sos = false): TrackerFix => ({
  time: T0 + second * 1000,
  lat: 45 + second / 100_000,
  lon: 5,
  accuracy: 5,
  ...(sos && { sos: true }),
});

/** A queue as version 1 of the store left it: one `autoIncrement` object store of plain fixes. */
async function versionOneQueue(factory: IDBFactory, name: string, fixes: TrackerFix[]): Promise<void> {
  const open = factory.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('fixes', { autoIncrement: true });
  const db = await request(open);
  const tx = db.transaction('fixes', 'readwrite');
  for (const fix of fixes) tx.objectStore('fixes').add(fix);
  await new Promise((resolve) => {
    tx.oncomplete = resolve;
  });
  db.close();
}

describe('IdbFixStore', () => {
  it('keeps a version-1 queue through the upgrade, and finds the SOS it held', async () => {
    const factory = new IDBFactory();
    const old = [fixAt(0), fixAt(1), fixAt(2, true), fixAt(3), fixAt(4)];
    await versionOneQueue(factory, 'ride', old);

    const store = new IdbFixStore('ride', factory);
    expect(await store.count()).toBe(5);
    expect(await store.peek(10)).toEqual(old.map((fix, i) => ({ id: i + 1, fix })));
    expect(await store.peekSos(10)).toEqual([{ id: 3, fix: old[2] }]);
    // Ids go on from the old queue's, so the order holds across the upgrade.
    const [next] = await store.append([fixAt(5, true)]);
    expect(next!.id).toBe(6);
    await store.remove([3]);
    expect((await store.peekSos(10)).map((q) => q.id)).toEqual([6]);
    expect(await store.count()).toBe(5);
  });

  it('marks SOS fixes as they are queued, and drops the mark with the fix', async () => {
    const store = new IdbFixStore('ride', new IDBFactory());
    const queued = await store.append([fixAt(0), fixAt(1, true), fixAt(2), fixAt(3, true)]);
    expect(queued.map((q) => q.id)).toEqual([1, 2, 3, 4]);
    expect(await store.peekSos(1)).toEqual([{ id: 2, fix: fixAt(1, true) }]);
    // SOS fixes stay in the queue's order too; peekSos only finds them.
    expect((await store.peek(10)).map((q) => q.id)).toEqual([1, 2, 3, 4]);
    expect(await store.peek(0)).toEqual([]);
    await store.remove([2, 4, 99]);
    expect(await store.peekSos(10)).toEqual([]);
    expect((await store.peek(10)).map((q) => q.id)).toEqual([1, 3]);
  });

  it('lets a newer release upgrade the database while this page has it open', async () => {
    const factory = new IDBFactory();
    const store = new IdbFixStore('ride', factory);
    await store.append([fixAt(0)]);
    const newer = factory.open('ride', FIX_QUEUE_VERSION + 1);
    const blocked = vi.fn();
    newer.onblocked = blocked;
    (await request(newer)).close();
    expect(blocked).not.toHaveBeenCalled();
  });

  it('sends the SOS first after a reload, over a queue of 3,000 fixes a version-1 page left', async () => {
    const factory = new IDBFactory();
    const backlog = Array.from({ length: 3000 }, (_, s) => fixAt(s));
    await versionOneQueue(factory, 'ride', [...backlog, fixAt(3000, true)]);

    const calls: TrackerFix[][] = [];
    const transport: Transport = async (fixes) => {
      calls.push([...fixes]);
      return { status: 200, body: { accepted: fixes.length, duplicates: 0, rejected: [] } };
    };
    const store = new IdbFixStore('ride', factory);
    const sender = new Sender({
      store,
      transport,
      clock: { now: () => Date.now() },
      timers: { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as number) },
    });
    await sender.start();
    await vi.waitFor(async () => expect(await store.count()).toBe(0), { timeout: 20_000, interval: 20 });
    sender.stop();

    expect(calls.map((c) => c.length)).toEqual([1, 1000, 1000, 1000]);
    expect(calls[0]).toEqual([fixAt(3000, true)]);
    const times = calls.flat().map((f) => f.time);
    expect(new Set(times).size).toBe(3001);
    expect(times).toHaveLength(3001);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type FixStore,
  MemoryFixStore,
  type PositionReading,
  Sender,
  Tracker,
  type TrackerFix,
} from '../src/index.ts';
import { FakeServer, fakeClock, fakeTimers, fixAt } from './support/fake-server.ts';

// The SOS lane must survive a restart: a page reloaded (or a tab the phone killed) after an hour
// offline in a valley must not leave the SOS behind thousands of fixes queued before it.

const T0 = Date.UTC(2025, 6, 1, 12, 0, 0);

beforeEach(() => vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function trackerOver(store: FixStore, server: FakeServer): Tracker {
  return new Tracker({
    store,
    transport: server.transport,
    clock: fakeClock,
    timers: fakeTimers,
    random: () => 0.5,
  });
}

const reading = (second: number): PositionReading => ({
  time: T0 + second * 1000,
  lat: 45 + second / 100_000,
  lon: 5,
  accuracy: 4,
  speed: 8,
});

/** Every fix time the server was sent, call after call. */
const sentTimes = (server: FakeServer) => server.calls.flatMap((c) => c.fixes.map((f) => f.time));

/**
 * A store written before SOS fixes were kept apart: the fixes, SOS ones included, are in the queue,
 * but the store cannot tell which they are (its `peekSos` answers nothing, or fails).
 */
function oldFormatStore(store: MemoryFixStore, peekSos: FixStore['peekSos']): FixStore {
  return {
    append: (fixes) => store.append(fixes),
    peek: (limit) => store.peek(limit),
    remove: (ids) => store.remove(ids),
    count: () => store.count(),
    peekSos,
  };
}

describe('SOS across a restart', () => {
  it('sends an SOS queued behind 3,000 fixes first, on its own, after the tracker restarts', async () => {
    const store = new MemoryFixStore();
    // An hour in a valley: no network, 3,000 positions recorded, then SOS; its attempt fails too.
    const valley = new FakeServer(fakeClock.now);
    valley.next = () => 'network';
    const before = trackerOver(store, valley);
    before.setConditions({ connection: 'offline' });
    await before.start();
    for (let s = 0; s < 3000; s++) {
      vi.setSystemTime(T0 + s * 1000);
      await before.record(reading(s));
    }
    vi.setSystemTime(T0 + 3000 * 1000);
    const sos = await before.sos(reading(3000));
    await settle();
    expect(valley.stored).toEqual([]);
    expect(await store.count()).toBe(3001);

    // The phone killed the tab (no close()); the page comes back, with a connection, over the same store.
    const server = new FakeServer(fakeClock.now);
    const after = trackerOver(store, server);
    await after.open();
    await settle();

    expect(server.calls[0]!.fixes).toEqual([expect.objectContaining({ sos: true, time: sos!.fix.time })]);
    expect(server.calls.map((c) => c.fixes.length)).toEqual([1, 1000, 1000, 1000]);
    // Each fix sent once: the SOS is not sent again when the backlog reaches its place in the queue.
    const times = sentTimes(server);
    expect(new Set(times).size).toBe(times.length);
    expect(times).toHaveLength(3001);
    expect(after.status().sender).toMatchObject({ queued: 0, accepted: 3001, duplicates: 0 });
    expect(await store.count()).toBe(0);
  });

  it('sends a recovered SOS once, even when it is also pressed again before the restart is done', async () => {
    const store = new MemoryFixStore();
    // What an earlier run left: 50 fixes, then an SOS no answer came for.
    await store.append([...Array.from({ length: 50 }, (_, s) => fixAt(T0, s)), fixAt(T0, 50, { sos: true })]);

    const server = new FakeServer(fakeClock.now);
    const second = new Sender({ store, transport: server.transport, clock: fakeClock, timers: fakeTimers });
    // Enqueued before start(): the new SOS is known already, the old one comes from the store.
    await second.enqueue([fixAt(T0, 51, { sos: true })]);
    await second.start();
    await settle();

    expect(server.calls.map((c) => c.fixes.map((f) => f.sos === true))).toEqual([
      [true, true],
      Array.from({ length: 50 }, () => false),
    ]);
    const times = sentTimes(server);
    expect(new Set(times).size).toBe(52);
    expect(times).toHaveLength(52);
  });

  it.each([
    ['answers no SOS', async () => []],
    [
      'cannot find SOS fixes',
      async () => {
        throw new Error('no such index');
      },
    ],
  ])('drains an old-format stored queue (whose store %s) in order, each fix once', async (_, peekSos) => {
    const memory = new MemoryFixStore();
    const fixes: TrackerFix[] = Array.from({ length: 2500 }, (_, s) =>
      fixAt(T0, s, s === 1200 ? { sos: true } : {}),
    );
    await memory.append(fixes);

    const server = new FakeServer(fakeClock.now);
    const sender = new Sender({
      store: oldFormatStore(memory, peekSos),
      transport: server.transport,
      clock: fakeClock,
      timers: fakeTimers,
    });
    await sender.start();
    await settle();

    expect(server.calls.map((c) => c.fixes.length)).toEqual([1000, 1000, 500]);
    expect(sentTimes(server)).toEqual(fixes.map((f) => f.time));
    expect(server.stored.filter((f) => f.sos)).toHaveLength(1);
    expect(sender.status()).toMatchObject({ queued: 0, accepted: 2500, duplicates: 0, lastError: null });
  });

  it('counts an SOS whose position the server refused as received, and does not send it again', async () => {
    const store = new MemoryFixStore();
    const server = new FakeServer(fakeClock.now);
    const sender = new Sender({ store, transport: server.transport, clock: fakeClock, timers: fakeTimers });
    await sender.start();
    // A glitching chip: the SOS carries a latitude that cannot be.
    await sender.enqueue([fixAt(T0, 10, { sos: true, lat: 95 })]);
    await settle();
    await sender.enqueue([fixAt(T0, 20, { sos: true })]);
    await settle();
    vi.advanceTimersByTime(60_000);
    await settle();

    expect(sender.status()).toMatchObject({ sosReceived: 2, rejected: 1, accepted: 1, queued: 0 });
    expect(sentTimes(server).filter((t) => t === T0 + 10_000)).toHaveLength(1);
  });
});

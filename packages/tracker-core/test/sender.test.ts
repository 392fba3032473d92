import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MemoryFixStore,
  type RejectedFix,
  Sender,
  type SenderOptions,
  type TrackerFix,
  type TransportResponse,
} from '../src/index.ts';
import { type Behaviour, FakeServer, fakeClock, fakeTimers, fixAt, seeded } from './support/fake-server.ts';

const T0 = Date.UTC(2025, 6, 1, 12, 0, 0);

// setImmediate stays real: one macrotask turn lets every pending promise of the Sender settle.
beforeEach(() => vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
}

function setUp(options: Partial<SenderOptions> = {}) {
  const server = new FakeServer(fakeClock.now);
  const store = new MemoryFixStore();
  const rejected: RejectedFix[] = [];
  const sender = new Sender({
    store,
    transport: server.transport,
    clock: fakeClock,
    timers: fakeTimers,
    random: () => 0.5,
    batchIntervalMs: 5_000,
    onRejected: (r) => rejected.push(...r),
    ...options,
  });
  return { server, store, sender, rejected };
}

const seconds = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const timesOf = (fixes: readonly TrackerFix[]) => fixes.map((f) => (f.time - T0) / 1000);

describe('Sender', () => {
  it('drains a backlog in batches of at most 1,000, one after another, oldest first', async () => {
    const { server, store, sender } = setUp();
    await sender.enqueue(seconds(0, 2500).map((s) => fixAt(T0, s)));
    await sender.start();
    await settle();
    expect(server.calls.map((c) => c.fixes.length)).toEqual([1000, 1000, 500]);
    expect(server.calls.every((c) => c.at === T0)).toBe(true);
    expect(timesOf(server.stored)).toEqual(seconds(0, 2500));
    expect(await store.count()).toBe(0);
    expect(sender.status()).toMatchObject({ state: 'idle', queued: 0, accepted: 2500, rejected: 0 });
  });

  it('sends small batches every interval while live', async () => {
    const { server, sender } = setUp();
    await sender.start();
    for (let s = 0; s < 20; s++) {
      await sender.enqueue([fixAt(T0, s)]);
      await advance(1_000);
    }
    expect(server.calls.map((c) => c.at - T0)).toEqual([5_000, 10_000, 15_000, 20_000]);
    expect(server.sentTimes().map((times) => times.length)).toEqual([5, 5, 5, 5]);
    expect(timesOf(server.stored)).toEqual(seconds(0, 20));
  });

  it('loses nothing, stores nothing twice and keeps the order through failures, hangs and lost answers', async () => {
    const { server, store, sender } = setUp({
      maxBatch: 25,
      requestTimeoutMs: 10_000,
      backoff: { baseMs: 500, maxMs: 8_000 },
      random: seeded(1),
    });
    const chaos = seeded(7);
    server.next = (): Behaviour => {
      const r = chaos();
      if (r < 0.15) return 'network';
      if (r < 0.25) return { status: 503 };
      if (r < 0.3) return 'hang';
      if (r < 0.4) return 'lost-answer';
      if (r < 0.45) return { status: 429, retryAfter: '3' };
      if (r < 0.5) return { status: 500 };
      return 'ok';
    };
    await sender.start();
    for (let s = 0; s < 600; s++) {
      await sender.enqueue([fixAt(T0, s)]);
      await advance(1_000);
    }
    for (let i = 0; i < 100 && (await store.count()) > 0; i++) await advance(10_000);

    expect(await store.count()).toBe(0);
    // Every fix arrived, once, in the order it was recorded.
    expect(timesOf(server.stored)).toEqual(seconds(0, 600));
    // A fix is only sent again when no answer for it came back; once answered, never again.
    const answered = new Set<number>();
    for (const call of server.calls) {
      for (const fix of call.fixes) expect(answered.has(fix.time)).toBe(false);
      if (call.behaviour === 'ok') for (const fix of call.fixes) answered.add(fix.time);
      expect(call.fixes.map((f) => f.time)).toEqual([...call.fixes.map((f) => f.time)].sort((a, b) => a - b));
    }
    const kinds = new Set(
      server.calls.map((c) => (typeof c.behaviour === 'string' ? c.behaviour : c.behaviour.status)),
    );
    expect([...kinds].sort()).toEqual([429, 500, 503, 'hang', 'lost-answer', 'network', 'ok'].sort());
    // Each fix was answered for exactly once: stored, or already stored after a lost answer.
    const status = sender.status();
    expect(status.accepted + status.duplicates).toBe(600);
    expect(status.duplicates).toBeGreaterThan(0);
    expect(status.rejected).toBe(0);
  });

  it('drops the fixes the server refuses, with their reason, and never sends them again', async () => {
    const { server, store, sender, rejected } = setUp();
    const queued = await sender.enqueue([
      fixAt(T0, 0),
      fixAt(T0, 1, { lat: 95 }),
      fixAt(T0, 2),
      fixAt(T0, 3, { lat: -100 }),
      fixAt(T0, 4),
    ]);
    await sender.start();
    await settle();
    expect(rejected.map((r) => [r.queued.id, r.reason])).toEqual([
      [queued[1]!.id, 'lat: Too big'],
      [queued[3]!.id, 'lat: Too big'],
    ]);
    expect(timesOf(server.stored)).toEqual([0, 2, 4]);
    await sender.enqueue([fixAt(T0, 5)]);
    await advance(60_000);
    expect(await store.count()).toBe(0);
    expect(server.calls.flatMap((c) => c.fixes).filter((f) => Math.abs(f.lat) > 90)).toHaveLength(2);
    expect(sender.status()).toMatchObject({ accepted: 4, rejected: 2 });
  });

  it('honours Retry-After on 429, in seconds or as a date on the server’s clock', async () => {
    const { server, sender } = setUp();
    server.offsetMs = 3_600_000; // the device clock is an hour behind the server's
    server.script.push(
      { status: 429, retryAfter: '30' },
      { status: 503, retryAfter: new Date(T0 + 3_600_000 + 50_000).toUTCString() },
    );
    await sender.enqueue([fixAt(T0, 0), fixAt(T0, 1)]);
    await sender.start();
    await settle();
    expect(sender.status()).toMatchObject({
      state: 'waiting',
      nextAttemptAt: T0 + 30_000,
      lastError: 'HTTP 429',
    });
    await advance(29_999);
    expect(server.calls).toHaveLength(1);
    await advance(1);
    expect(server.calls).toHaveLength(2);
    // Retry-After said 50 s after the server's start time, 20 s after this attempt.
    await advance(19_999);
    expect(server.calls).toHaveLength(2);
    await advance(1);
    expect(server.calls).toHaveLength(3);
    expect(timesOf(server.stored)).toEqual([0, 1]);
  });

  it('backs off exponentially up to the cap, with jitter', async () => {
    const gapsWith = async (random: () => number) => {
      vi.setSystemTime(T0);
      const { server, sender } = setUp({ random, backoff: { baseMs: 1_000, maxMs: 16_000 } });
      server.next = () => 'network';
      await sender.enqueue([fixAt(T0, 0)]);
      await sender.start();
      await advance(100_000);
      sender.stop();
      return server.calls.slice(1).map((c, i) => c.at - server.calls[i]!.at);
    };
    // Equal jitter: between half the exponential step and all of it.
    expect(await gapsWith(() => 0.999999)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 16_000, 16_000, 16_000, 16_000,
    ]);
    const low = await gapsWith(() => 0);
    expect(low.slice(0, 6)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(Math.max(...low)).toBe(8_000);
  });

  it('counts a request without an answer as failed, and sends it again', async () => {
    const { server, sender } = setUp({ requestTimeoutMs: 20_000 });
    server.script.push('hang');
    await sender.enqueue([fixAt(T0, 0)]);
    await sender.start();
    await settle();
    expect(sender.status().state).toBe('sending');
    await advance(20_000);
    expect(sender.status()).toMatchObject({ state: 'waiting', lastError: 'no answer within 20000 ms' });
    await advance(1_000);
    expect(server.calls).toHaveLength(2);
    expect(sender.status()).toMatchObject({ state: 'idle', accepted: 1, queued: 0 });
  });

  it('retries an answer that does not account for the whole batch', async () => {
    const calls: number[] = [];
    const answers: TransportResponse[] = [
      { status: 200, body: { accepted: 1, duplicates: 0, rejected: [] } },
      { status: 200, body: { accepted: 3, duplicates: 0, rejected: [] } },
    ];
    const { store, sender } = setUp({
      transport: async (fixes) => {
        calls.push(fixes.length);
        return answers.shift()!;
      },
    });
    await sender.enqueue([fixAt(T0, 0), fixAt(T0, 1), fixAt(T0, 2)]);
    await sender.start();
    await settle();
    expect(await store.count()).toBe(3);
    expect(sender.status().lastError).toMatch(/without a result/);
    await advance(1_000);
    expect(calls).toEqual([3, 3]);
    expect(await store.count()).toBe(0);
  });

  it('halves the batches when the server says the body is too large', async () => {
    const { server, sender } = setUp();
    server.script.push({ status: 413 }, { status: 413 });
    await sender.enqueue(seconds(0, 1000).map((s) => fixAt(T0, s)));
    await sender.start();
    await settle();
    expect(server.calls.map((c) => c.fixes.length)).toEqual([1000, 500, 250, 250, 250, 250]);
    expect(timesOf(server.stored)).toEqual(seconds(0, 1000));
  });

  it('stops on a refused token until it is renewed, then sends everything', async () => {
    const onAuthFailure = vi.fn(async () => false);
    const { server, sender } = setUp({ onAuthFailure });
    server.script.push({ status: 401 });
    await sender.enqueue([fixAt(T0, 0), fixAt(T0, 1)]);
    await sender.start();
    await settle();
    expect(onAuthFailure).toHaveBeenCalledExactlyOnceWith(401);
    expect(sender.status()).toMatchObject({ state: 'unauthorized', queued: 2, nextAttemptAt: null });
    await sender.enqueue([fixAt(T0, 2)]);
    await advance(600_000);
    await sender.flush();
    expect(server.calls).toHaveLength(1);
    sender.resume();
    await settle();
    expect(server.calls).toHaveLength(2);
    expect(timesOf(server.stored)).toEqual([0, 1, 2]);
    expect(sender.status()).toMatchObject({ state: 'idle', queued: 0, lastError: null });
  });

  it('sends again at once when the token is renewed, but asks only once per refusal', async () => {
    const onAuthFailure = vi.fn(() => true);
    const { server, sender } = setUp({ onAuthFailure });
    server.script.push({ status: 403 }, 'ok', { status: 401 }, { status: 401 });
    await sender.enqueue([fixAt(T0, 0)]);
    await sender.start();
    await settle();
    expect(server.calls.map((c) => c.behaviour)).toEqual([{ status: 403 }, 'ok']);
    await sender.enqueue([fixAt(T0, 1)]);
    await advance(5_000);
    // Refused, renewed, refused again: the renewal did not help, so wait for resume().
    expect(server.calls).toHaveLength(4);
    expect(onAuthFailure).toHaveBeenCalledTimes(2);
    expect(sender.status().state).toBe('unauthorized');
    await advance(300_000);
    expect(server.calls).toHaveLength(4);
  });

  it('waits while offline and drains as soon as the connection returns', async () => {
    const { server, sender } = setUp();
    await sender.start();
    sender.setOffline();
    for (let s = 0; s < 30; s++) {
      await sender.enqueue([fixAt(T0, s)]);
      await advance(1_000);
    }
    await advance(120_000);
    expect(server.calls).toHaveLength(0);
    expect(sender.status()).toMatchObject({ state: 'offline', queued: 30 });
    sender.setOnline();
    await settle();
    expect(server.sentTimes()).toHaveLength(1);
    expect(timesOf(server.stored)).toEqual(seconds(0, 30));
  });

  it('cuts a long backoff short when the connection returns', async () => {
    const { server, sender } = setUp({ backoff: { baseMs: 60_000, maxMs: 600_000 } });
    server.script.push('network', 'network', 'network');
    await sender.enqueue([fixAt(T0, 0)]);
    await sender.start();
    await advance(60_000 * 0.75 + 120_000 * 0.75);
    expect(server.calls).toHaveLength(3);
    expect(sender.status().nextAttemptAt).toBe(Date.now() + 240_000 * 0.75);
    sender.setOnline();
    await settle();
    expect(server.calls).toHaveLength(4);
    expect(server.stored).toHaveLength(1);
  });

  it('sends an SOS at once, beside a request already out', async () => {
    const { server, sender } = setUp({ requestTimeoutMs: 30_000 });
    server.script.push('hang');
    await sender.enqueue(seconds(0, 10).map((s) => fixAt(T0, s)));
    await sender.start();
    await settle();
    await sender.enqueue([fixAt(T0, 10, { sos: true })]);
    await settle();
    expect(server.calls.map((c) => c.fixes.length)).toEqual([10, 1]);
    expect(server.calls[1]!.fixes[0]).toMatchObject({ sos: true });
    expect(server.stored.map((f) => f.sos ?? false)).toEqual([true]);
    await advance(31_000);
    expect(timesOf(server.stored)).toEqual([10, ...seconds(0, 10)]);
    expect(server.calls.slice(2).some((c) => c.fixes.some((f) => f.sos))).toBe(false);
  });

  it('puts an SOS first, on its own, when a backlog waits out an outage', async () => {
    const { server, store, sender } = setUp();
    server.script.push('network', 'network');
    await sender.enqueue(seconds(0, 1500).map((s) => fixAt(T0, s)));
    await sender.start();
    await settle();
    await sender.enqueue([fixAt(T0, 1500, { sos: true })]);
    await settle();
    // The SOS went at once (and failed), then the next attempt sends it before the backlog.
    expect(server.calls.map((c) => c.fixes.length)).toEqual([1000, 1]);
    await advance(10_000);
    expect(server.calls.map((c) => c.fixes.length)).toEqual([1000, 1, 1, 1000, 500]);
    expect(server.calls[2]!.behaviour).toBe('ok');
    expect(timesOf(server.stored)).toEqual([1500, ...seconds(0, 1500)]);
    expect(await store.count()).toBe(0);
  });

  it('keeps the queue when stopped, and sends it on the next start', async () => {
    const store = new MemoryFixStore();
    const first = setUp({ store });
    await first.sender.start();
    first.sender.setOffline();
    await first.sender.enqueue([fixAt(T0, 0), fixAt(T0, 1)]);
    first.sender.stop();
    // A reload: a new Sender over the same store.
    const second = setUp({ store });
    await second.sender.start();
    await settle();
    expect(timesOf(second.server.stored)).toEqual([0, 1]);
    expect(first.server.calls).toHaveLength(0);
  });
});

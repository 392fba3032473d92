import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryFixStore, type PositionReading, Tracker, type TrackerOptions } from '../src/index.ts';
import { FakeServer, fakeClock, fakeTimers } from './support/fake-server.ts';

const T0 = Date.UTC(2025, 6, 1, 12, 0, 0);

beforeEach(() => vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
}

function setUp(options: Partial<TrackerOptions> = {}) {
  const server = new FakeServer(fakeClock.now);
  const store = new MemoryFixStore();
  const tracker = new Tracker({
    store,
    transport: server.transport,
    clock: fakeClock,
    timers: fakeTimers,
    random: () => 0.5,
    ...options,
  });
  return { server, store, tracker };
}

/** A reading taken now, `metres` along a meridian, at `speed` m/s. */
const reading = (metres: number, speed = 10): PositionReading => ({
  time: Date.now(),
  lat: 45 + metres / 111_133,
  lon: 5,
  accuracy: 4,
  speed,
});

describe('Tracker', () => {
  it('records only while tracking, and sends what it recorded in order', async () => {
    const { server, tracker } = setUp();
    expect(await tracker.record(reading(0))).toBeNull();
    await tracker.start();
    for (let s = 1; s <= 10; s++) {
      await advance(1_000);
      expect(await tracker.record(reading(s * 10))).not.toBeNull();
    }
    tracker.pause();
    await advance(1_000);
    expect(await tracker.record(reading(110))).toBeNull();
    tracker.resume();
    expect(await tracker.record(reading(120))).not.toBeNull();
    await tracker.stop();
    expect(server.stored.map((f) => f.time - T0)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((s) => s * 1000),
    );
    expect(tracker.status()).toMatchObject({
      state: 'stopped',
      lastFixAt: T0 + 11_000,
      sender: { queued: 0, accepted: 11 },
    });
  });

  it('drops a reading that is not newer than the last one', async () => {
    const { tracker } = setUp();
    await tracker.start();
    const first = reading(0);
    expect(await tracker.record(first)).not.toBeNull();
    expect(await tracker.record({ ...first, lat: 46 })).toBeNull();
    expect(await tracker.record({ ...first, time: first.time - 1 })).toBeNull();
    expect(tracker.status().sender.queued).toBe(1);
  });

  it('stamps fixes with server time once it knows the device clock is fast', async () => {
    const { server, tracker } = setUp();
    server.offsetMs = -90_000; // the phone is 90 s ahead: the server would refuse its fixes
    await tracker.start();
    await tracker.record(reading(0));
    await tracker.flush();
    expect(server.stored[0]!.time).toBe(T0);
    const status = tracker.status();
    // A Date header is known to the second: the truth is within ±500 ms of the estimate.
    expect(Math.abs(status.clock!.offsetMs + 90_000)).toBeLessThanOrEqual(status.clock!.uncertaintyMs);
    expect(status.clock!.uncertaintyMs).toBe(500);
    expect(status.correctionMs).toBe(status.clock!.offsetMs);
    await advance(1_000);
    await tracker.record(reading(10));
    await tracker.flush();
    const corrected = server.stored[1]!.time - (T0 + 1_000);
    expect(Math.abs(corrected + 90_000)).toBeLessThanOrEqual(status.clock!.uncertaintyMs);
  });

  it('sends an SOS at once, even before tracking starts', async () => {
    const { server, tracker } = setUp();
    expect(await tracker.sos()).toBeNull();
    const sos = await tracker.sos(reading(0, 0));
    await settle();
    expect(sos!.fix.sos).toBe(true);
    expect(server.calls).toHaveLength(1);
    expect(server.stored).toEqual([expect.objectContaining({ sos: true, time: T0 })]);
    expect(tracker.state).toBe('idle');
    // Without a new position, the last known one is used, timed now.
    await advance(2_000);
    await tracker.sos();
    await settle();
    expect(server.stored[1]).toMatchObject({ sos: true, time: T0 + 2_000, lat: 45 });
  });

  it('follows the connection and battery: no attempts offline, sends on the way back', async () => {
    const { server, tracker } = setUp({ conditions: { batteryPct: 90 } });
    await tracker.start();
    expect(tracker.setConditions({ connection: 'offline' })).toEqual({ sampleMs: 10_000, batchMs: 60_000 });
    for (let s = 0; s < 20; s++) {
      await advance(1_000);
      await tracker.record(reading(s * 10));
    }
    expect(tracker.intervals().sampleMs).toBe(1_000);
    await advance(300_000);
    expect(server.calls).toHaveLength(0);
    expect(tracker.status().sender).toMatchObject({ state: 'offline', queued: 20 });
    tracker.setConditions({ connection: 'good' });
    await settle();
    expect(server.stored).toHaveLength(20);
    expect(tracker.setConditions({ batteryPct: 12 })).toEqual({ sampleMs: 30_000, batchMs: 60_000 });
    expect(server.stored.every((f) => f.battery === 90)).toBe(true);
  });

  it('refuses commands that do not fit the state, and reports every change', async () => {
    const seen: string[] = [];
    const { tracker } = setUp({ onStatus: (s) => seen.push(s.state) });
    expect(() => tracker.pause()).toThrow('cannot pause while idle');
    await tracker.start();
    await expect(tracker.start()).rejects.toThrow('cannot start while tracking');
    await tracker.stop();
    expect(seen).toContain('tracking');
    expect(seen.at(-1)).toBe('stopped');
  });

  it('shows a refused token, and sends again once it is renewed', async () => {
    const { server, tracker } = setUp();
    server.script.push({ status: 401 });
    await tracker.start();
    await tracker.record(reading(0));
    await tracker.flush();
    expect(tracker.status().sender.state).toBe('unauthorized');
    tracker.tokenRenewed();
    await settle();
    expect(server.stored).toHaveLength(1);
    expect(tracker.status().sender.state).toBe('idle');
  });
});

import {
  MemoryFixStore,
  type RejectedFix,
  Sender,
  type TrackerFix,
  type Transport,
} from '@echelon/tracker-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const realTimers = {
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe.skipIf(databaseUnavailable !== null)('the tracker core against the real batch endpoint', () => {
  let t: TestApp;
  let race: LiveRace;
  let token: string;
  const start = Date.now() - 10 * 60_000;

  beforeAll(async () => {
    t = await startTestApp({ tickMs: 50 });
    race = await setUpLiveRace(t, 1);
    const created = await race.organiser.post(`/api/v1/registrations/${race.riders[0]!.id}/device-tokens`);
    expect(created.statusCode).toBe(201);
    token = created.json().token;
    const started = await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
      status: 'live',
      at: start,
    });
    expect(started.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores every fix exactly once and in order, though every third request fails', async () => {
    const rider = race.riders[0]!;
    // Every third call fails: alternately before the server sees it, and after (the answer is lost).
    let calls = 0;
    let lostRequests = 0;
    let lostAnswers = 0;
    const transport: Transport = async (fixes) => {
      calls += 1;
      const failing = calls % 3 === 0;
      if (failing && (calls / 3) % 2 === 1) {
        lostRequests += 1;
        throw new TypeError('request lost');
      }
      const response = await t.http.inject({
        method: 'POST',
        url: '/api/v1/track/batch',
        headers: { authorization: `Bearer ${token}` },
        payload: { fixes },
      });
      if (failing) {
        lostAnswers += 1;
        throw new TypeError('answer lost');
      }
      return { status: response.statusCode, body: response.json(), date: response.headers.date ?? null };
    };

    const published: number[] = [];
    const unsubscribe = t.services.bus.onFixes((batch) => {
      if (batch.registrationId === rider.id) published.push(...batch.fixes.map((f) => f.time));
    });
    const store = new MemoryFixStore();
    const rejected: RejectedFix[] = [];
    const sender = new Sender({
      store,
      transport,
      clock: { now: () => Date.now() },
      timers: realTimers,
      batchIntervalMs: 10,
      maxBatch: 12,
      backoff: { baseMs: 5, maxMs: 20 },
      onRejected: (r) => rejected.push(...r),
    });

    // 150 s of riding at 10 m/s, recorded while the sender runs; one fix is corrupt.
    const fixes: TrackerFix[] = Array.from({ length: 150 }, (_, i) => ({
      time: start + (i + 1) * 1000,
      ...along((i + 1) * 10),
      accuracy: 5,
      speed: 10,
    }));
    fixes[75] = { ...fixes[75]!, lat: 95 };
    await sender.start();
    for (let i = 0; i < fixes.length; i += 10) {
      await sender.enqueue(fixes.slice(i, i + 10));
      await sleep(5);
    }
    await vi.waitFor(async () => expect(await store.count()).toBe(0), { timeout: 20_000, interval: 20 });
    sender.stop();
    unsubscribe();
    await t.services.ingest.drain();

    const good = fixes.filter((_, i) => i !== 75).map((f) => f.time);
    expect(published).toEqual(good);
    expect(await t.services.ingest.countStored(rider.id)).toBe(good.length);
    expect(rejected.map((r) => [r.queued.fix.time, r.reason])).toEqual([
      [fixes[75]!.time, expect.stringMatching(/lat/)],
    ]);
    expect(lostRequests).toBeGreaterThan(0);
    expect(lostAnswers).toBeGreaterThan(0);
    const status = sender.status();
    // The fixes of a lost answer were stored the first time and came back as duplicates the second.
    expect(status.accepted + status.duplicates).toBe(good.length);
    expect(status.duplicates).toBeGreaterThan(0);
    expect(status.rejected).toBe(1);
  });
});

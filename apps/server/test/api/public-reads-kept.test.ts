import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { recordRace, steadyRide } from '../support/recorded-race.ts';
import { statementsDuring } from '../support/statements.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

type Line = { bib: number; rank: number | null; time: number | null; penalty?: number };

/**
 * Public answers kept in the process (a hit costs no query) are never stale: every path that changes
 * what they say drops them at its source — a commissaire's decision, a late fix through OsmAnd that
 * marks the stage stale, the background recompute, approval, a race made private.
 */
describe.skipIf(databaseUnavailable !== null)('public answers kept in the process', () => {
  let t: TestApp;
  let race: LiveRace;
  let other: LiveRace;
  // Phones on their own intervals (3 s, 5 s, 7 s); rider 4's phone went quiet at 4 km.
  const start = Date.now() - 3 * 60 * 60_000;
  const results = () => `/api/v1/stages/${race.stageId}/results`;
  const gc = () => `/api/v1/races/${race.raceId}/classifications/general`;
  const lines = async (url = results()): Promise<Line[]> => {
    const response = await t.anonymous.get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response
      .json()
      .items.map((l: Line) => ({ bib: l.bib, rank: l.rank, time: l.time, penalty: l.penalty }));
  };
  const bib = (n: number) => race.riders.find((r) => r.bib === n)!;

  beforeAll(async () => {
    t = await startTestApp();
    // Another finished race in the database, whose answers must survive this race's changes untouched.
    other = await setUpLiveRace(t, 2);
    await recordRace(t, other, start, { 1: steadyRide([{ to: 10_050, speed: 9 }]) }, start + 1_300_000);
    race = await setUpLiveRace(t, 4);
    await recordRace(
      t,
      race,
      start,
      {
        1: steadyRide([{ to: 10_050, speed: 10 }], 3),
        2: steadyRide([{ to: 10_050, speed: 9.5 }], 5),
        3: steadyRide([{ to: 10_050, speed: 9.2 }], 7),
        4: steadyRide([{ to: 4000, speed: 8 }], 5),
      },
      start + 1_500_000,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers repeated public reads without a single query, byte for byte, 304s included', async () => {
    const urls = [
      results(),
      gc(),
      `/api/v1/races/${race.raceId}/statistics`,
      `/api/v1/registrations/${bib(2).id}/profile`,
      `/api/v1/stages/${race.stageId}/tracks`,
      `/api/v1/races/${race.raceId}`,
      '/api/v1/statistics',
      '/api/v1/races',
    ];
    // The background sweep reads the database every second on its own, and the finish's computation
    // may still be storing: both stopped (awaited) while counting.
    await t.services.resultsStore.stop();
    const first = new Map<string, { body: string; etag: string }>();
    for (const url of urls) {
      const response = await t.anonymous.get(url);
      expect(response.statusCode, url).toBe(200);
      first.set(url, { body: response.body, etag: response.headers.etag as string });
    }
    try {
      const statements = await statementsDuring([t.database.db, t.database.readDb], async () => {
        for (let round = 0; round < 5; round++) {
          for (const url of urls) {
            const response = await t.anonymous.get(url);
            expect(response.statusCode, url).toBe(200);
            expect(response.body, url).toBe(first.get(url)!.body);
            expect(response.headers.etag, url).toBe(first.get(url)!.etag);
            expect(response.headers['cache-control'], url).toMatch(/^public/);
            const again = await t.anonymous.request('GET', url, undefined, {
              'if-none-match': first.get(url)!.etag,
            });
            expect(again.statusCode, url).toBe(304);
            expect(again.body, url).toBe('');
          }
        }
      });
      expect(statements).toEqual([]);
      // A signed-in caller is never served a kept public answer: their read queries as usual.
      const signedIn = await statementsDuring([t.database.db, t.database.readDb], async () => {
        expect((await race.organiser.get(results())).statusCode).toBe(200);
      });
      expect(signedIn.length).toBeGreaterThan(0);
    } finally {
      t.services.resultsStore.start();
    }
  });

  it('computes an answer once for a crowd that asks at the same moment', async () => {
    // Another race's change drops every answer spanning races, so the all-time statistics are cold.
    t.services.publicReads.forget(null);
    const before = { ...t.services.publicReads.counts };
    const crowd = await Promise.all(Array.from({ length: 30 }, () => t.anonymous.get(gc())));
    expect(new Set(crowd.map((r) => r.statusCode))).toEqual(new Set([200]));
    expect(new Set(crowd.map((r) => r.body)).size).toBe(1);
    expect(t.services.publicReads.counts.misses - before.misses).toBe(1);
    expect(t.services.publicReads.counts.stored - before.stored).toBe(1);
  });

  it('shows a commissaire’s decision on the very next read', async () => {
    const before = await lines();
    expect(before.slice(0, 3).map((l) => l.bib)).toEqual([1, 2, 3]);
    const gcBefore = await lines(gc());
    const otherResults = `/api/v1/stages/${other.stageId}/results`;
    const otherBefore = await t.anonymous.get(otherResults);
    const hits = t.services.publicReads.counts.hits;
    expect(await lines()).toEqual(before);
    expect(t.services.publicReads.counts.hits).toBe(hits + 1);
    const decided = await race.organiser.post(`/api/v1/stages/${race.stageId}/decisions`, {
      kind: 'penalty',
      registrationId: bib(1).id,
      seconds: 300,
      reason: 'sheltering behind a car',
    });
    expect(decided.statusCode, decided.body).toBe(201);
    const after = await lines();
    expect(before.find((l) => l.bib === 1)!.penalty).toBe(0);
    expect(after.find((l) => l.bib === 1)!.penalty).toBe(300);
    // Five minutes put the stage winner behind the two others overall.
    expect(gcBefore.slice(0, 3).map((l) => l.bib)).toEqual([1, 2, 3]);
    expect((await lines(gc())).slice(0, 3).map((l) => l.bib)).toEqual([2, 3, 1]);
    // Another race's kept answer is not touched by this race's change.
    const kept = t.services.publicReads.counts.hits;
    expect((await t.anonymous.get(otherResults)).body).toBe(otherBefore.body);
    expect(t.services.publicReads.counts.hits).toBe(kept + 1);
  });

  it('shows a late fix sent through OsmAnd on the next read, and again after the background recompute', async () => {
    const before = await lines();
    expect(before.find((l) => l.bib === 4)!.time).toBeNull();
    const allTime = async () => (await t.anonymous.get('/api/v1/statistics')).json();
    const allTimeBefore = await allTime();
    // Rider 4's phone comes back after the finish with the end of the ride, timed before it.
    const rider = bib(4);
    for (const [metres, seconds] of [
      [9950, 1390],
      [10_050, 1400],
    ] as const) {
      const { lat, lon } = along(metres);
      const sent = await t.anonymous.get(
        `/osmand?id=${rider.deviceId}&lat=${lat}&lon=${lon}&timestamp=${Math.floor(start / 1000) + seconds}`,
      );
      expect(sent.statusCode, sent.body).toBe(200);
    }
    await t.services.ingest.drain();
    // Interpolated between the fixes either side of the line (1390 s and 1400 s).
    const finished = (await lines()).find((l) => l.bib === 4)!.time;
    expect(finished).toBeGreaterThanOrEqual(1390);
    expect(finished).toBeLessThanOrEqual(1400);
    // The all-time statistics (each race's share kept until that race changes) count her as a finisher.
    const allTimeAfter = await allTime();
    expect(allTimeAfter.races).toBe(allTimeBefore.races);
    expect(allTimeAfter.finishers).toBe(allTimeBefore.finishers + 1);

    // The sweep's recompute (off the request path) stores the same evidence; a read after it agrees.
    const recomputed = async () => {
      const audit = await t.admin.get(`/api/v1/audit?targetType=stage&targetId=${race.stageId}&limit=50`);
      return audit.json().items.filter((e: { action: string }) => e.action === 'results.recompute').length;
    };
    const count = await recomputed();
    const more = await t.anonymous.get(
      `/osmand?id=${rider.deviceId}&lat=${along(10_100).lat}&lon=5&timestamp=${Math.floor(start / 1000) + 1405}`,
    );
    expect(more.statusCode).toBe(200);
    await t.services.ingest.drain();
    const deadline = Date.now() + 10_000;
    while ((await recomputed()) === count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await recomputed()).toBeGreaterThan(count);
    expect((await lines()).find((l) => l.bib === 4)!.time).toBe(finished);
  });

  it('stops answering anonymously the moment a race is made private', async () => {
    const urls = [
      `/api/v1/stages/${other.stageId}/results`,
      `/api/v1/races/${other.raceId}/classifications/general`,
      `/api/v1/races/${other.raceId}`,
    ];
    for (const url of urls) expect((await t.anonymous.get(url)).statusCode, url).toBe(200);
    const listed = (await t.anonymous.get('/api/v1/races')).json().items.map((r: { id: string }) => r.id);
    expect(listed).toContain(other.raceId);
    const hidden = await other.organiser.patch(`/api/v1/races/${other.raceId}`, { visibility: 'private' });
    expect(hidden.statusCode, hidden.body).toBe(200);
    for (const url of urls) expect((await t.anonymous.get(url)).statusCode, url).toBe(404);
    const after = (await t.anonymous.get('/api/v1/races')).json().items.map((r: { id: string }) => r.id);
    expect(after).not.toContain(other.raceId);
  });

  it('sends official results with a long cache policy the moment they are approved', async () => {
    const provisional = await t.anonymous.get(results());
    expect(provisional.headers['cache-control']).toMatch(/s-maxage=5\b/);
    const approved = await race.organiser.post(`/api/v1/stages/${race.stageId}/results/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    const official = await t.anonymous.get(results());
    expect(official.headers['cache-control']).toMatch(/s-maxage=3600\b/);
    expect(provisional.json().state).toBe('provisional');
    expect(official.json().state).toBe('official');
  });
});

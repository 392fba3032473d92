import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { recordRace, steadyRide } from '../support/recorded-race.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** One to four parameters the routes do not know, with random names and values, some repeated. */
function junkQuery(): string {
  const parts: string[] = [];
  const count = 1 + (randomBytes(1)[0]! % 4);
  for (let i = 0; i < count; i++) {
    const name = randomBytes(1 + (randomBytes(1)[0]! % 8)).toString('hex');
    const value = encodeURIComponent(randomBytes(6).toString('base64'));
    parts.push(`${name}=${value}`);
    if (i === 0) parts.push(`${name}=${value}x`);
  }
  return parts.join('&');
}

/**
 * A stranger's random query strings on the public reads: each would be a new kept answer if the
 * cache were keyed by URL (one computation each, filling the LRU and evicting real answers). The key
 * is what the route reads, so they all name the answer without them.
 */
describe.skipIf(databaseUnavailable !== null)('public answers and junk query strings', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 2 * 60 * 60_000;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 3);
    await recordRace(
      t,
      race,
      start,
      {
        1: steadyRide([{ to: 10_050, speed: 10 }], 3),
        2: steadyRide([{ to: 10_050, speed: 9.5 }], 7),
        3: steadyRide([{ to: 10_050, speed: 9 }], 5),
      },
      start + 1_300_000,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('computes one answer for 1,000 junk query strings and evicts nothing; a real filter has its own, within bounds', async () => {
    const kept = t.services.publicReads;
    const results = `/api/v1/stages/${race.stageId}/results`;
    const others = [`/api/v1/races/${race.raceId}`, `/api/v1/races/${race.raceId}/stages`, '/api/v1/races'];
    // The background sweep may store (and so drop kept answers) on its own: stopped while counting.
    await t.services.resultsStore.stop();
    try {
      kept.forget(null);
      const bodies = new Map<string, string>();
      for (const url of others) bodies.set(url, (await t.anonymous.get(url)).body);
      const size = kept.size;
      const before = { ...kept.counts };

      const first = await t.anonymous.get(`${results}?${junkQuery()}`);
      expect(first.statusCode, first.body).toBe(200);
      for (let i = 0; i < 999; i++) {
        // Known fields at their defaults, in any order, are the same read too.
        const known = i % 3 === 0 ? 'format=json&' : '';
        const response = await t.anonymous.get(`${results}?${known}${junkQuery()}`);
        expect(response.statusCode).toBe(200);
        expect(response.body).toBe(first.body);
      }
      expect((await t.anonymous.get(results)).body).toBe(first.body);
      expect(kept.counts.misses - before.misses).toBe(1);
      expect(kept.counts.stored - before.stored).toBe(1);
      expect(kept.counts.hits - before.hits).toBe(1000);
      expect(kept.size).toBe(size + 1);

      // Nothing was evicted: the answers kept before are served without a computation.
      const hits = kept.counts.hits;
      for (const url of others)
        expect((await t.anonymous.get(`${url}?${junkQuery()}`)).body).toBe(bodies.get(url));
      expect(kept.counts.hits - hits).toBe(others.length);
      expect(kept.counts.misses - before.misses).toBe(1);

      // A real filter is another read: its own computation and its own answer (no rider is a woman).
      const women = await t.anonymous.get(`${results}?gender=F&${junkQuery()}`);
      expect(women.statusCode, women.body).toBe(200);
      expect(women.json().items).toEqual([]);
      expect(first.json().items).toHaveLength(3);
      expect(kept.counts.misses - before.misses).toBe(2);
      expect((await t.anonymous.get(`${results}?${junkQuery()}&gender=F`)).body).toBe(women.body);
      expect(kept.counts.misses - before.misses).toBe(2);

      // A known field with a wrong value is refused as before, and nothing is kept for it.
      const wrong = await t.anonymous.get(`${results}?gender=${randomBytes(4).toString('hex')}`);
      expect(wrong.statusCode).toBe(400);
      expect(kept.size).toBe(size + 2);

      // Random values of a free-text filter are real reads (a computation each, as without the cache),
      // but only so many answers of one route and stage are kept: the ones everyone reads stay.
      const misses = kept.counts.misses;
      for (let i = 0; i < 200; i++) {
        const response = await t.anonymous.get(`${results}?category=${randomBytes(6).toString('hex')}`);
        expect(response.statusCode).toBe(200);
        expect(response.json().items).toEqual([]);
      }
      expect(kept.counts.misses - misses).toBe(200);
      expect(kept.size).toBeLessThanOrEqual(size + 64);
      const stillKept = kept.counts.hits;
      for (const url of [results, `${results}?gender=F`, ...others]) await t.anonymous.get(url);
      expect(kept.counts.hits - stillKept).toBe(2 + others.length);
    } finally {
      t.services.resultsStore.start();
    }
  });
});

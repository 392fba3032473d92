import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CachedAnswer, PublicReadsCache } from '../../src/http/public-reads-cache.ts';
import { forgetOnControl, publicReadsInvalidation } from '../../src/http/public-reads-invalidation.ts';
import type { NatsBus } from '../../src/live/nats-bus.ts';
import { eventually, NatsProcesses, natsUnavailable } from '../support/nats.ts';

const answer = (raceId: string | null, body: string): CachedAnswer => ({
  body,
  contentType: 'application/json; charset=utf-8',
  etag: `W/"${body}"`,
  cacheControl: 'public, max-age=5, s-maxage=5, stale-while-revalidate=30',
  lastModified: null,
  raceId,
});

/**
 * Two api processes, each with the public answers it keeps, on one NATS: a change heard in one (a
 * decision, stored results) drops the other's kept answers of that race, and only those.
 */
describe.skipIf(natsUnavailable !== null)('public answers kept by several processes on NATS', () => {
  const processes = new NatsProcesses();
  const { errors } = processes;
  let a: NatsBus;
  let b: NatsBus;

  beforeAll(async () => {
    [a, b] = await Promise.all([processes.open(), processes.open()]);
  });
  afterAll(() => processes.close());

  it('drops the other process’s answers of the changed race, and only those', async () => {
    const keptA = new PublicReadsCache();
    const keptB = new PublicReadsCache();
    const stopA = a.onControl((event) => forgetOnControl(keptA, event));
    const stopB = b.onControl((event) => forgetOnControl(keptB, event));
    try {
      const changed = randomUUID();
      const untouched = randomUUID();
      const stage = `/api/v1/stages/${randomUUID()}/results`;
      const otherStage = `/api/v1/stages/${randomUUID()}/results`;
      keptB.store(keptB.begin(stage), answer(changed, '"before"'));
      keptB.store(keptB.begin(otherStage), answer(untouched, '"other"'));
      keptB.store(keptB.begin('/api/v1/statistics'), answer(null, '"all-time"'));
      // A read in process B that began before the change, and ends after it heard of it.
      const inFlight = keptB.begin(`/api/v1/races/${changed}/classifications/general`);

      keptA.store(keptA.begin(stage), answer(changed, '"before"'));
      const invalidation = publicReadsInvalidation(keptA, a, async () => undefined);
      invalidation.race(changed);
      // Its own process drops it at once, before any message comes back.
      expect(keptA.get(stage)).toBeUndefined();

      await eventually('process B drops the changed race’s answer', () => keptB.get(stage) === undefined);
      expect(keptB.get('/api/v1/statistics')).toBeUndefined();
      expect(keptB.get(otherStage)?.body).toBe('"other"');
      keptB.store(inFlight, answer(changed, '"read before the change"'));
      expect(keptB.get(`/api/v1/races/${changed}/classifications/general`)).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      stopA();
      stopB();
    }
  });

  // Before the next test: its change of no one race, replayed to a new subscriber, would drop everything.
  it('drops only the other process’s tracks answers of a race whose replay summary was stored', async () => {
    const keptB = new PublicReadsCache();
    const stopB = b.onControl((event) => forgetOnControl(keptB, event));
    try {
      const raceId = randomUUID();
      const stageId = randomUUID();
      const family = (route: string) => `${route} ${JSON.stringify({ stageId })}`;
      const tracks = family('/api/v1/stages/:stageId/tracks');
      const results = family('/api/v1/stages/:stageId/results');
      keptB.store(keptB.begin(`${tracks} {}`, tracks), answer(raceId, '"tracks"'));
      keptB.store(keptB.begin(`${results} {}`, results), answer(raceId, '"results"'));
      const invalidation = publicReadsInvalidation(new PublicReadsCache(), a, async () => undefined);
      invalidation.tracks(raceId);
      await eventually('process B drops the tracks', () => keptB.get(`${tracks} {}`) === undefined);
      expect(keptB.get(`${results} {}`)?.body).toBe('"results"');
      expect(errors).toEqual([]);
    } finally {
      stopB();
    }
  });

  it('drops everything on a change no one race owns (a user renamed)', async () => {
    const keptB = new PublicReadsCache();
    const stopB = b.onControl((event) => forgetOnControl(keptB, event));
    try {
      const url = `/api/v1/stages/${randomUUID()}/results`;
      keptB.store(keptB.begin(url), answer(randomUUID(), '"kept"'));
      const invalidation = publicReadsInvalidation(new PublicReadsCache(), a, async () => undefined);
      await invalidation.audited('user.update', { type: 'user', id: randomUUID() });
      await eventually('process B drops every answer', () => keptB.size === 0);
    } finally {
      stopB();
    }
  });
});

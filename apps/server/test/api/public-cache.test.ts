import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { recordRace, steadyRide } from '../support/recorded-race.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** The seconds a directive of a Cache-Control header allows (null when absent). */
const directive = (header: unknown, name: string): number | null => {
  const match = new RegExp(`(?:^|,\\s*)${name}=(\\d+)`).exec(String(header ?? ''));
  return match ? Number(match[1]) : null;
};

/** Public reads carry validators and a cache policy a CDN can follow; private ones are never shared. */
describe.skipIf(databaseUnavailable !== null)('HTTP caching of public reads', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 3 * 60 * 60_000;
  const results = () => `/api/v1/stages/${race.stageId}/results`;

  beforeAll(async () => {
    t = await startTestApp();
    // Another race already in the database, so facts are looked up by the route's own race.
    const other = await setUpLiveRace(t, 2);
    await recordRace(
      t,
      other,
      start - 60_000,
      { 1: steadyRide([{ to: 10_050, speed: 9 }]) },
      start + 1_200_000,
    );
    race = await setUpLiveRace(t, 3);
    await recordRace(
      t,
      race,
      start,
      {
        1: steadyRide([{ to: 10_050, speed: 10 }]),
        2: steadyRide([{ to: 10_050, speed: 9.7 }], 3),
        3: steadyRide([{ to: 4000, speed: 8 }], 7),
      },
      start + 1_500_000,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a repeated read of provisional results with 304, and keeps them briefly', async () => {
    const first = await t.anonymous.get(results());
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers['cache-control']).toContain('public');
    expect(directive(first.headers['cache-control'], 'max-age')).toBeLessThanOrEqual(10);
    expect(first.headers.vary).toMatch(/Cookie/);
    expect(first.headers.vary).toMatch(/Authorization/);
    expect(first.headers['last-modified']).toBeDefined();

    const again = await t.anonymous.request('GET', results(), undefined, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);

    const since = await t.anonymous.request('GET', results(), undefined, {
      'if-modified-since': first.headers['last-modified'] as string,
    });
    expect(since.statusCode).toBe(304);
    const before = new Date(Date.parse(first.headers['last-modified'] as string) - 60_000).toUTCString();
    const older = await t.anonymous.request('GET', results(), undefined, { 'if-modified-since': before });
    expect(older.statusCode).toBe(200);
    expect(older.json()).toEqual(first.json());
  });

  it('sends the new results, not a 304, once a decision changed them', async () => {
    const first = await t.anonymous.get(results());
    const decided = await race.organiser.post(`/api/v1/stages/${race.stageId}/decisions`, {
      kind: 'penalty',
      registrationId: race.riders.find((r) => r.bib === 1)!.id,
      seconds: 120,
      reason: 'dangerous sprint',
    });
    expect(decided.statusCode, decided.body).toBe(201);
    const after = await t.anonymous.request('GET', results(), undefined, {
      'if-none-match': first.headers.etag as string,
    });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect(after.json()).not.toEqual(first.json());
  });

  it('lets a CDN keep official results and a finished replay for long, revalidating in the background', async () => {
    const approved = await race.organiser.post(`/api/v1/stages/${race.stageId}/results/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    for (const url of [results(), `/api/v1/stages/${race.stageId}/tracks`]) {
      const response = await t.anonymous.get(url);
      expect(response.statusCode, url).toBe(200);
      const header = response.headers['cache-control'];
      expect(header, url).toMatch(/^public/);
      expect(directive(header, 's-maxage'), url).toBeGreaterThanOrEqual(600);
      expect(directive(header, 'max-age'), url).toBeGreaterThanOrEqual(60);
      expect(directive(header, 'stale-while-revalidate'), url).toBeGreaterThan(0);
      const again = await t.anonymous.request('GET', url, undefined, {
        'if-none-match': response.headers.etag as string,
      });
      expect(again.statusCode, url).toBe(304);
    }
  });

  it('gives every public read of the race validators and a public policy', async () => {
    const urls = [
      `/api/v1/races/${race.raceId}`,
      `/api/v1/races/${race.raceId}/stages`,
      `/api/v1/races/${race.raceId}/registrations`,
      `/api/v1/stages/${race.stageId}/course`,
      `/api/v1/races/${race.raceId}/classifications/general`,
      `/api/v1/races/${race.raceId}/statistics`,
      `/api/v1/registrations/${race.riders[0]!.id}/profile`,
      '/api/v1/races',
      '/api/v1/statistics',
    ];
    for (const url of urls) {
      const response = await t.anonymous.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toMatch(/^public, max-age=\d+, s-maxage=\d+/);
      const again = await t.anonymous.request('GET', url, undefined, {
        'if-none-match': response.headers.etag as string,
      });
      expect(again.statusCode, url).toBe(304);
    }
  });

  it('never lets a shared cache keep a signed-in caller’s answer', async () => {
    const response = await race.organiser.get(results());
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-cache');
    expect(response.headers.vary).toMatch(/Cookie/);
  });

  for (const visibility of ['unlisted', 'private'] as const) {
    it(`never caches a ${visibility} race publicly`, async () => {
      const hidden = await setUpLiveRace(t, 2);
      await recordRace(t, hidden, start, { 1: steadyRide([{ to: 10_050, speed: 10 }]) }, start + 1_500_000);
      const changed = await hidden.organiser.patch(`/api/v1/races/${hidden.raceId}`, { visibility });
      expect(changed.statusCode, changed.body).toBe(200);
      const urls = [
        `/api/v1/races/${hidden.raceId}`,
        `/api/v1/stages/${hidden.stageId}/results`,
        `/api/v1/stages/${hidden.stageId}/tracks`,
        `/api/v1/races/${hidden.raceId}/classifications/general`,
      ];
      for (const url of urls) {
        for (const client of [t.anonymous, hidden.organiser]) {
          const response = await client.get(url);
          expect(response.headers['cache-control'], url).toBe('private, no-store');
          expect(response.headers.etag, url).toBeUndefined();
        }
      }
      const anonymous = await t.anonymous.get(`/api/v1/stages/${hidden.stageId}/results`);
      expect(anonymous.statusCode).toBe(visibility === 'private' ? 404 : 200);
    });
  }

  it('keeps a running stage’s live snapshot for about one tick', async () => {
    const running = await setUpLiveRace(t, 2);
    await recordRace(t, running, Date.now() - 60_000, { 1: steadyRide([{ to: 500, speed: 10 }]) }, null);
    const response = await t.anonymous.get(`/api/v1/stages/${running.stageId}/live`);
    expect(response.statusCode, response.body).toBe(200);
    expect(directive(response.headers['cache-control'], 'max-age')).toBe(1);
    expect(directive(response.headers['cache-control'], 's-maxage')).toBe(1);
  });

  it('never stores answers about the caller’s own state', async () => {
    const session = await race.organiser.get('/api/v1/session');
    expect(session.headers['cache-control']).toBe('private, no-store');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { Client, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Issue 15: one absurd fix once failed the shared insert of every request grouped with it (1,586 × 500 in
 * 5 s). Here broken phones send out-of-range readings on every ingest path while honest riders send their
 * batches at the same moments: nothing answers 5xx, every good fix is stored, every absurd one is refused
 * with its field named.
 */
describe.skipIf(databaseUnavailable !== null)('ingest under absurd fixes', () => {
  let t: TestApp;
  let race: LiveRace;
  let tokens: string[];
  // Riders report at their own seconds and milliseconds, as phones do.
  const start = Date.now() - 20 * 60_000;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 6);
    tokens = [];
    for (const rider of race.riders) {
      tokens.push(
        (await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`)).json().token,
      );
    }
    await race.organiser.post(`/api/v1/races/${race.raceId}/status`, { status: 'live', at: start });
  });
  afterAll(async () => {
    await t?.close();
  });

  const device = (i: number) => new Client(t.http, { authorization: `Bearer ${tokens[i]}` });
  const fixAt = (rider: number, second: number) => ({
    time: start + second * 1000 + rider * 137 + 3,
    ...along(second * 9 + rider * 11),
    accuracy: 6,
    speed: 9.1,
    altitude: 212.5,
    heading: 1.5,
    battery: 77,
  });

  it('answers no 5xx, stores every good fix and names the field of every absurd one', async () => {
    const absurdNative: Array<[Record<string, unknown>, RegExp]> = [
      [{ speed: 1e39 }, /^speed: /],
      [{ altitude: 1e39 }, /^altitude: /],
      [{ heading: -1e39 }, /^heading: /],
      [{ accuracy: 3.5e38 }, /^accuracy: /],
      [{ battery: 140 }, /^battery: /],
      [{ time: 1e20 }, /^time: /],
      [{ time: 86_400_000 }, /^time: /],
      [{ lat: 1e39 }, /^lat: /],
    ];
    const goodBatches: Array<{ rider: number; fixes: ReturnType<typeof fixAt>[] }> = [];
    for (let round = 0; round < 10; round++) {
      for (const rider of [0, 1, 2]) {
        goodBatches.push({ rider, fixes: [0, 1, 2].map((k) => fixAt(rider, round * 3 + k + 1)) });
      }
    }
    const requests: Array<Promise<{ statusCode: number; json(): unknown }>> = [];
    const absurdAnswers: Array<{ answer: Promise<{ statusCode: number; json(): unknown }>; field: RegExp }> =
      [];
    for (const [i, batch] of goodBatches.entries()) {
      requests.push(device(batch.rider).post('/api/v1/track/batch', { fixes: batch.fixes }));
      // Rider 4's broken phone sends one absurd fix next to a good one in every round.
      const [override, field] = absurdNative[i % absurdNative.length]!;
      const mixed = device(3).post('/api/v1/track/batch', {
        fixes: [fixAt(3, i + 1), { ...fixAt(3, 500 + i), ...override }],
      });
      requests.push(mixed);
      absurdAnswers.push({ answer: mixed, field });
    }
    const osmand = race.riders[4]!.deviceId;
    const owntracks = race.riders[5]!.deviceId;
    const { lat, lon } = along(700);
    const thirdParty = [
      [`/osmand?id=${osmand}&lat=${lat}&lon=${lon}&timestamp=${start + 1}&speed=1e39`, /speed/],
      [`/osmand?id=${osmand}&lat=${lat}&lon=${lon}&timestamp=${start + 2}&altitude=-1e39`, /altitude/],
      [`/osmand?id=${osmand}&lat=${lat}&lon=${lon}&timestamp=${start + 3}&bearing=1e39`, /heading/],
      [`/osmand?id=${osmand}&lat=${lat}&lon=${lon}&timestamp=${start + 4}&batt=1e39`, /battery/],
      [`/osmand?id=${osmand}&lat=${lat}&lon=${lon}&timestamp=${start + 5}&hacc=1e39`, /accuracy/],
    ] as const;
    const thirdPartyAnswers = thirdParty.map(([url, field]) => ({ answer: t.anonymous.get(url), field }));
    const ownTracksAbsurd = t.anonymous.post(`/owntracks?u=${owntracks}&d=phone`, {
      _type: 'location',
      ...along(800),
      tst: Math.floor(start / 1000) + 7,
      vel: 1e39,
    });
    const goodOsmAnd = t.anonymous.get(
      `/osmand?id=${osmand}&lat=${lat}&lon=${lon}&timestamp=${start + 10_000}`,
    );

    const all = await Promise.all([
      ...requests,
      ...thirdPartyAnswers.map((a) => a.answer),
      ownTracksAbsurd,
      goodOsmAnd,
    ]);
    expect(all.filter((r) => r.statusCode >= 500)).toEqual([]);

    for (const { answer, field } of absurdAnswers) {
      const result = (await answer).json() as {
        accepted: number;
        rejected: Array<{ index: number; reason: string }>;
      };
      expect(result.accepted).toBe(1);
      expect(result.rejected).toEqual([{ index: 1, reason: expect.stringMatching(field) }]);
    }
    for (const { answer, field } of thirdPartyAnswers) {
      const refused = await answer;
      expect(refused.statusCode).toBe(400);
      expect((refused.json() as { detail: string }).detail).toMatch(field);
    }
    expect((await ownTracksAbsurd).statusCode).toBe(400);
    expect(((await ownTracksAbsurd).json() as { detail: string }).detail).toMatch(/speed/);
    expect((await goodOsmAnd).statusCode).toBe(200);

    await t.services.ingest.drain();
    for (const rider of [0, 1, 2]) {
      expect(await t.services.ingest.countStored(race.riders[rider]!.id)).toBe(30);
    }
    expect(await t.services.ingest.countStored(race.riders[3]!.id)).toBe(goodBatches.length);
    expect(await t.services.ingest.countStored(race.riders[4]!.id)).toBe(1);
    expect(await t.services.ingest.countStored(race.riders[5]!.id)).toBe(0);
  });

  it('lists dead letters for admins only (one process has none: a failed store fails its own request)', async () => {
    expect((await t.anonymous.get('/api/v1/ingest/dead-letters')).statusCode).toBe(401);
    expect((await race.organiser.get('/api/v1/ingest/dead-letters')).statusCode).toBe(403);
    const listed = await t.admin.get('/api/v1/ingest/dead-letters?limit=10');
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({ items: [], total: 0 });
  });
});

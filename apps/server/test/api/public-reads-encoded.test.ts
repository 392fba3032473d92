import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeOnce } from '../../src/http/kept-encodings.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { recordRace, steadyRide } from '../support/recorded-race.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * A kept public answer holds its body compressed once (gzip and brotli, when it is kept): every hit
 * that asks for a coding gets those bytes as they are — the same answer, the same validators — and
 * no request compresses it again.
 */
describe.skipIf(databaseUnavailable !== null)('public answers kept compressed', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 3 * 60 * 60_000;
  const urls = () => [`/api/v1/stages/${race.stageId}/results`, `/api/v1/stages/${race.stageId}/tracks`];
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.http.inject({ method: 'GET', url, headers });
  const counts = () => ({ ...t.services.publicReads.counts });

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 3);
    // Phones on their own intervals; rider 3's went quiet at 6 km.
    await recordRace(
      t,
      race,
      start,
      {
        1: steadyRide([{ to: 10_050, speed: 10 }], 3),
        2: steadyRide([{ to: 10_050, speed: 9.4 }], 7),
        3: steadyRide([{ to: 6000, speed: 8 }], 5),
      },
      start + 1_500_000,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends gzip and brotli hits that decode to the identity answer, with its ETag and Cache-Control', async () => {
    for (const url of urls()) {
      t.services.publicReads.forget(null);
      const identity = await get(url);
      expect(identity.statusCode, identity.body).toBe(200);
      expect(identity.headers['content-encoding']).toBeUndefined();
      expect(identity.rawPayload.length).toBeGreaterThan(1024);
      for (const [asked, coding, decode] of [
        ['gzip, deflate, br', 'br', zlib.brotliDecompressSync],
        ['gzip', 'gzip', zlib.gunzipSync],
        ['br;q=0.5, gzip;q=0.9', 'gzip', zlib.gunzipSync],
        ['x-gzip', 'gzip', zlib.gunzipSync],
      ] as const) {
        const hit = await get(url, { 'accept-encoding': asked });
        expect(hit.statusCode).toBe(200);
        expect(hit.headers['content-encoding'], `${url} ${asked}`).toBe(coding);
        expect(decode(hit.rawPayload).equals(identity.rawPayload)).toBe(true);
        expect(Number(hit.headers['content-length'])).toBe(hit.rawPayload.length);
        expect(hit.rawPayload.length).toBeLessThan(identity.rawPayload.length);
        expect(hit.headers.etag).toBe(identity.headers.etag);
        expect(hit.headers['cache-control']).toBe(identity.headers['cache-control']);
        expect(hit.headers['content-type']).toBe(identity.headers['content-type']);
        expect(String(hit.headers.vary).split(/,\s*/)).toEqual([
          'Cookie',
          'Authorization',
          'Accept-Encoding',
        ]);
      }
    }
  });

  it('compresses an answer once when it is kept, never once per hit', async () => {
    const [url] = urls();
    t.services.publicReads.forget(null);
    const before = counts();
    const first = await get(url!, { 'accept-encoding': 'br' });
    const identity = (await get(url!)).rawPayload;
    // What was made when it was kept (brotli at quality 5): on-the-fly compression (quality 4) differs.
    const made = (await encodeOnce(identity))!;
    expect(first.rawPayload.equals(made.br)).toBe(true);
    for (let i = 0; i < 10; i++) {
      const hit = await get(url!, { 'accept-encoding': i % 2 === 0 ? 'br' : 'gzip' });
      expect(hit.rawPayload.equals(i % 2 === 0 ? made.br : made.gzip)).toBe(true);
    }
    const after = counts();
    expect(after.misses - before.misses).toBe(1);
    expect(after.encoded - before.encoded).toBe(1);
    expect(after.hits - before.hits).toBe(11);
  });

  it('answers a client that asks for no coding, or only for one not kept, with the body as it is', async () => {
    const [url] = urls();
    const identity = await get(url!);
    const asked: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'deflate' },
    ];
    for (const headers of asked) {
      const response = await get(url!, headers);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.rawPayload.equals(identity.rawPayload)).toBe(true);
      expect(response.headers.etag).toBe(identity.headers.etag);
    }
  });

  it('answers If-None-Match with 304 whatever the coding asked', async () => {
    const [url] = urls();
    const { etag } = (await get(url!)).headers;
    for (const encoding of [undefined, 'br', 'gzip']) {
      const headers: Record<string, string> = { 'if-none-match': String(etag) };
      if (encoding) headers['accept-encoding'] = encoding;
      const response = await get(url!, headers);
      expect(response.statusCode).toBe(304);
      expect(response.rawPayload.length).toBe(0);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers.etag).toBe(etag);
    }
  });

  it('drops every coding of an answer when the race changes', async () => {
    const [url] = urls();
    await get(url!, { 'accept-encoding': 'br' });
    await get(url!, { 'accept-encoding': 'gzip' });
    const before = counts();
    t.services.publicReads.forget(race.raceId);
    for (const encoding of ['br', 'gzip']) {
      const response = await get(url!, { 'accept-encoding': encoding });
      expect(response.headers['content-encoding']).toBe(encoding);
    }
    const after = counts();
    // The first read after the change computes it again and keeps it compressed again; the second hits.
    expect(after.misses - before.misses).toBe(1);
    expect(after.encoded - before.encoded).toBe(1);
    expect(after.hits - before.hits).toBe(1);
  });
});

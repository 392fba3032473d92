import { describe, expect, it } from 'vitest';
import { type CachedAnswer, PublicReadsCache } from '../../src/http/public-reads-cache.ts';
import { ReadGate } from '../../src/http/read-gate.ts';

const answer = (raceId: string | null, body = `"${raceId}"`): CachedAnswer => ({
  body,
  contentType: 'application/json; charset=utf-8',
  etag: `W/"${body.length}"`,
  cacheControl: 'public, max-age=5',
  lastModified: null,
  raceId,
});

describe('public answers kept in the process', () => {
  it('drops a race’s answers and those spanning races on its change, and no other race’s', () => {
    const kept = new PublicReadsCache();
    kept.store(kept.begin('/a'), answer('race-a'));
    kept.store(kept.begin('/b'), answer('race-b'));
    kept.store(kept.begin('/all'), answer(null));
    kept.forget('race-a');
    expect(kept.get('/a')).toBeUndefined();
    expect(kept.get('/all')).toBeUndefined();
    expect(kept.get('/b')?.body).toBe('"race-b"');
    kept.forget(null);
    expect(kept.size).toBe(0);
  });

  it('drops only one route’s answers of a race when only those changed, and keeps reads of the others in flight', () => {
    const kept = new PublicReadsCache();
    const tracks = (race: string) => `/tracks {"race":"${race}"}`;
    kept.store(kept.begin(`${tracks('a')} {}`, tracks('a')), answer('race-a'));
    kept.store(kept.begin(`${tracks('b')} {}`, tracks('b')), answer('race-b'));
    kept.store(kept.begin('/results {"race":"a"} {}', '/results {"race":"a"}'), answer('race-a'));
    kept.store(kept.begin('/all'), answer(null));
    const results = kept.begin('/gc {"race":"a"} {}', '/gc {"race":"a"}');
    const tracksInFlight = kept.begin(`${tracks('a')} {"step":5}`, tracks('a'));
    kept.forgetRoute('race-a', '/tracks');
    expect(kept.get(`${tracks('a')} {}`)).toBeUndefined();
    expect(kept.get(`${tracks('b')} {}`)).toBeDefined();
    expect(kept.get('/results {"race":"a"} {}')).toBeDefined();
    expect(kept.get('/all')).toBeDefined();
    kept.store(results, answer('race-a'));
    kept.store(tracksInFlight, answer('race-a'));
    expect(kept.get('/gc {"race":"a"} {}')).toBeDefined();
    expect(kept.get(`${tracks('a')} {"step":5}`)).toBeUndefined();
  });

  it('keeps nothing a read took before a change it depends on, and what it took before others’', () => {
    const kept = new PublicReadsCache();
    const stale = kept.begin('/a');
    const fine = kept.begin('/b');
    kept.forget('race-a');
    kept.store(stale, answer('race-a'));
    kept.store(fine, answer('race-b'));
    expect(kept.get('/a')).toBeUndefined();
    expect(kept.get('/b')).toBeDefined();
    // An answer spanning races depends on every race.
    const across = kept.begin('/all');
    kept.forget('race-b');
    kept.store(across, answer(null));
    expect(kept.get('/all')).toBeUndefined();
  });

  it('lets the reads that wait for a miss have its answer, or go on their own when it is not kept', async () => {
    const kept = new PublicReadsCache();
    const first = kept.begin('/a');
    const waiting = kept.waitFor('/a')!;
    kept.store(first, answer('race-a'));
    expect((await waiting)?.body).toBe('"race-a"');
    const second = kept.begin('/private');
    const alone = kept.waitFor('/private')!;
    kept.abandon(second);
    expect(await alone).toBeNull();
    expect(kept.waitFor('/private')).toBeUndefined();
  });

  it('keeps at most its byte budget, the least recently read going first, and trusts an answer for its ttl', () => {
    let now = 0;
    // Twelve bytes each: four fit in 48.
    const kept = new PublicReadsCache({ maxBytes: 48, ttlMs: 1000, now: () => now });
    for (const n of [1, 2, 3, 4]) kept.store(kept.begin(`/${n}`), answer(`r${n}`, '"0123456789"'));
    expect(kept.size).toBe(4);
    expect(kept.get('/1')).toBeDefined();
    kept.store(kept.begin('/5'), answer('r5', '"0123456789"'));
    expect(kept.size).toBe(4);
    expect(kept.get('/2')).toBeUndefined();
    expect(kept.get('/1')).toBeDefined();
    // Over a quarter of the budget: never kept.
    kept.store(kept.begin('/big'), answer('r5', '"0123456789abcdef"'));
    expect(kept.get('/big')).toBeUndefined();
    now = 1001;
    expect(kept.get('/1')).toBeUndefined();
  });
});

describe('the read gate', () => {
  it('lets at most its size through at once, the others in arrival order', async () => {
    const gate = new ReadGate(2);
    const order: string[] = [];
    const a = await gate.enter();
    const b = await gate.enter();
    const c = gate.enter().then((release) => {
      order.push('c');
      return release;
    });
    const d = gate.enter().then((release) => {
      order.push('d');
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    a();
    a(); // a second release of the same holder lets nobody else in
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['c']);
    b();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['c', 'd']);
    (await c)();
    (await d)();
    const e = await gate.enter();
    const f = await gate.enter();
    e();
    f();
  });
});

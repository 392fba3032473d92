import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchLoader, Gathering } from '../../src/modules/ingest/batch-loader.ts';
import { TtlCache } from '../../src/modules/ingest/ttl-cache.ts';

describe('TtlCache', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reloads an entry in the background in the last fifth of its life, answering at once meanwhile', async () => {
    vi.useFakeTimers({ now: 0 });
    const cache = new TtlCache<string>(10_000);
    let version = 'v1';
    let loads = 0;
    const load = async () => {
      loads++;
      return version;
    };
    expect(await cache.getOrLoad('k', load)).toBe('v1');
    vi.setSystemTime(5_000);
    expect(await cache.getOrLoad('k', load)).toBe('v1');
    expect(loads).toBe(1);
    // A token revoked at 8.5 s is seen by the refresh, before the entry's 10 s are over.
    version = 'revoked';
    vi.setSystemTime(8_500);
    expect(await cache.getOrLoad('k', load)).toBe('v1');
    expect(loads).toBe(2);
    await Promise.resolve();
    expect(await cache.getOrLoad('k', load)).toBe('revoked');
    expect(loads).toBe(2);
  });

  it('does not bring back an entry cleared while its refresh was under way', async () => {
    vi.useFakeTimers({ now: 0 });
    const cache = new TtlCache<string>(10_000);
    let release: (value: string) => void = () => {};
    await cache.getOrLoad('k', async () => 'old');
    vi.setSystemTime(9_000);
    await cache.getOrLoad('k', () => new Promise<string>((resolve) => (release = resolve)));
    cache.clear();
    release('stale');
    await Promise.resolve();
    expect(await cache.getOrLoad('k', async () => 'fresh')).toBe('fresh');
  });

  it('entries refreshing together meet in one gathered query', async () => {
    vi.useFakeTimers({ now: 0 });
    const cache = new TtlCache<string>(10_000, { gatherRefreshes: new Gathering(250) });
    const queries: string[][] = [];
    const loader = new BatchLoader(async (keys) => {
      queries.push(keys);
      return new Map(keys.map((k) => [k, `${k}@${Date.now()}`]));
    }, 'missing');
    const load = (k: string) => () => loader.load(k);
    const keys = ['a', 'b', 'c'];
    // Misses load at once (one query for the turn); nothing waits on the gathering.
    const first = keys.map((k) => cache.getOrLoad(k, load(k)));
    await vi.advanceTimersByTimeAsync(0);
    expect(await Promise.all(first)).toEqual(['a@0', 'b@0', 'c@0']);
    expect(queries).toEqual([keys]);
    // In their last fifth, at different moments: answered from the cache, refreshed in one query later.
    for (const [i, k] of keys.entries()) {
      vi.setSystemTime(8_100 + 50 * i);
      expect(await cache.getOrLoad(k, load(k))).toBe(`${k}@0`);
    }
    await vi.advanceTimersByTimeAsync(300);
    expect(queries).toEqual([keys, keys]);
    // The refreshed value is served from then on.
    expect(await cache.getOrLoad('b', load('b'))).toMatch(/^b@8\d{3}$/);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
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
});

import { describe, expect, it, vi } from 'vitest';
import { FollowStore, followKey } from '../../src/live/follow-store.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    data,
  };
}

describe('FollowStore', () => {
  it('follows and unfollows, saving per race', () => {
    const storage = memoryStorage();
    const store = new FollowStore(storage, 'race-1');
    expect(store.toggle('a')).toBe(true);
    expect(store.has('a')).toBe(true);
    expect(JSON.parse(storage.data.get(followKey('race-1'))!)).toEqual(['a']);
    expect(storage.data.has(followKey('race-2'))).toBe(false);
    expect(store.toggle('a')).toBe(false);
    expect(store.followed.size).toBe(0);
  });

  it('reads what was saved before, and ignores what is not a list of ids', () => {
    expect([...new FollowStore(memoryStorage({ [followKey('r')]: '["x","y"]' }), 'r').followed]).toEqual([
      'x',
      'y',
    ]);
    expect(new FollowStore(memoryStorage({ [followKey('r')]: '{oops' }), 'r').followed.size).toBe(0);
    expect([...new FollowStore(memoryStorage({ [followKey('r')]: '["x",3]' }), 'r').followed]).toEqual(['x']);
  });

  it('gives a new set on every change and tells subscribers', () => {
    const store = new FollowStore(memoryStorage(), 'r');
    const listener = vi.fn();
    store.subscribe(listener);
    const before = store.followed;
    store.toggle('a');
    expect(store.followed).not.toBe(before);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps working when storage refuses writes', () => {
    const store = new FollowStore(
      {
        getItem: () => null,
        setItem: () => {
          throw new Error('quota');
        },
      },
      'r',
    );
    expect(store.toggle('a')).toBe(true);
    expect(store.has('a')).toBe(true);
  });
});

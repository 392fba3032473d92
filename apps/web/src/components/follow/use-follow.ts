import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { FollowStore, followKey } from '../../live/follow-store.ts';

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

export interface Follow {
  followed: ReadonlySet<string>;
  toggle: (riderId: string) => boolean;
}

/** The riders followed in a race (localStorage, kept in step across tabs). */
export function useFollow(raceId: string | null | undefined): Follow {
  const store = useMemo(() => (raceId ? new FollowStore(browserStorage(), raceId) : null), [raceId]);
  const followed = useSyncExternalStore(
    (listener) => store?.subscribe(listener) ?? (() => {}),
    () => store?.followed ?? EMPTY,
  );
  useEffect(() => {
    if (!store || !raceId) return;
    const onStorage = (event: StorageEvent) => {
      if (event.key === followKey(raceId)) store.reload();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [store, raceId]);
  return useMemo(() => ({ followed, toggle: (id: string) => store?.toggle(id) ?? false }), [followed, store]);
}

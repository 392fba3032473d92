import { useEffect, useMemo, useState } from 'react';
import { FeedClock } from '../../live/feed-clock.ts';
import type { FeedState } from '../../live/feed-state.ts';

const TICK_MS = 1000;

/**
 * The feed's event clock for a page: fed every frame, and `now` (event ms) moved on every second so
 * ages, ETAs and the race clock count on between frames — and keep counting when frames stop.
 */
export function useFeedClock(
  state: FeedState | null,
  version: number,
): {
  clock: FeedClock;
  now: number;
} {
  const clock = useMemo(() => new FeedClock(), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version says a frame arrived
  useEffect(() => {
    if (state) clock.observe(state.at, performance.now());
  }, [clock, state, version]);
  const [, setTick] = useState(0);
  // A second after the last render, not every second regardless: while frames arrive (about one a
  // second) they already move `now` on, and a tick between two frames would re-render the whole page
  // (3,000-rider leaderboard, charts) a second time each second for nothing. When frames stop, the
  // tick takes over and keeps the clock counting.
  useEffect(() => {
    const timer = setTimeout(() => setTick((tick) => tick + 1), TICK_MS);
    return () => clearTimeout(timer);
  });
  return { clock, now: clock.now(performance.now()) };
}

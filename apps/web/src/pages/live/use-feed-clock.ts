import { useEffect, useMemo, useState } from 'react';
import { FeedClock } from '../../live/feed-clock.ts';
import type { FeedState } from '../../live/feed-state.ts';

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
  useEffect(() => {
    const timer = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return { clock, now: clock.now(performance.now()) };
}

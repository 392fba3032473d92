import type { ServerTime } from '@echelon/contracts';
import type { ClockEstimate } from '@echelon/tracker-core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ServerClock } from '../../../admin/server-clock.ts';
import { apiGet } from '../../../api/client.ts';

/** Exchanges when the screen opens: the shortest round trip of a few gives a tight bound. */
const FIRST_SAMPLES = 4;
/** One more exchange this often keeps the estimate fresh and notices a laptop clock that was stepped. */
const REFRESH_MS = 30_000;

export interface ServerClockState {
  /** The server's time now, epoch ms (the browser's until the server has answered). */
  now: () => number;
  /** The offset and its bound, null until the server has answered once. */
  estimate: ClockEstimate | null;
}

/** The server's clock while `enabled` (the ramp is live): measured at once, then refreshed now and then. */
export function useServerClock(enabled: boolean): ServerClockState {
  const clock = useMemo(
    () =>
      new ServerClock({
        fetchServerTime: async () => (await apiGet<ServerTime>('/api/v1/time')).now,
        deviceNow: () => Date.now(),
      }),
    [],
  );
  const [estimate, setEstimate] = useState<ClockEstimate | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    const measure = async (count: number) => {
      const measured = await clock.measure(count);
      if (!stopped) setEstimate(measured);
    };
    void measure(FIRST_SAMPLES);
    const timer = window.setInterval(() => void measure(1), REFRESH_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [clock, enabled]);
  const now = useCallback(() => clock.now(), [clock]);
  return { now, estimate };
}

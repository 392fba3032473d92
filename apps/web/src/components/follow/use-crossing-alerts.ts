import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, formatDuration } from '../../format/format.ts';
import { CrossingWatcher } from '../../live/crossings.ts';
import type { FeedState } from '../../live/feed-state.ts';
import { showNotification } from './notify.ts';
import type { Toast } from './Toasts.tsx';

const TOAST_MS = 10_000;

/**
 * Alerts when a followed rider crosses a checkpoint: a browser notification when allowed, else an
 * in-page toast. Crossings already made when the page opened (or the rider was followed) are not news.
 */
export function useCrossingAlerts(
  state: FeedState | null,
  version: number,
  followed: ReadonlySet<string>,
  timeZone: string,
): { toasts: Toast[]; dismiss: (id: string) => void } {
  const { t } = useTranslation('live');
  const watcher = useMemo(() => new CrossingWatcher(), []);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: string) => {
    setToasts((list) => list.filter((toast) => toast.id !== id));
    const timer = timers.current.get(id);
    if (timer) clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version says the (mutated) state changed
  useEffect(() => {
    if (!state) return;
    const crossings = watcher.check(state.riders, followed);
    for (const crossing of crossings) {
      const checkpoint = state.checkpoints.find((candidate) => candidate.id === crossing.checkpointId);
      const title = t('follow.crossed', {
        bib: crossing.bib,
        name: crossing.name,
        checkpoint: checkpoint?.name ?? '',
      });
      const body = t('follow.crossedAt', {
        time: formatClock(crossing.at, timeZone),
        elapsed: formatDuration(state.startedAt === null ? null : (crossing.at - state.startedAt) / 1000),
      });
      const id = `${crossing.riderId}:${crossing.checkpointId}`;
      if (showNotification(title, body, id)) continue;
      setToasts((list) => [...list.filter((toast) => toast.id !== id), { id, title, body }].slice(-4));
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), TOAST_MS),
      );
    }
  }, [state, version, followed, watcher, timeZone, t, dismiss]);

  useEffect(() => {
    const all = timers.current;
    return () => {
      for (const timer of all.values()) clearTimeout(timer);
    };
  }, []);

  return { toasts, dismiss };
}

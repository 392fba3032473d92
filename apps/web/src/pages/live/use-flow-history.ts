import { useEffect, useMemo, useState } from 'react';
import type { FeedState } from '../../live/feed-state.ts';
import { FlowHistory } from '../../live/race-flow.ts';

/** Every rider's distance over time, recorded from the frames since the page opened. */
export function useFlowHistory(
  state: FeedState | null,
  version: number,
): { history: FlowHistory; historyVersion: number } {
  const stageId = state?.stageId ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new stage starts a new history
  const history = useMemo(() => new FlowHistory(), [stageId]);
  const [historyVersion, setHistoryVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version says the (mutated) state changed
  useEffect(() => {
    if (state && state.startedAt !== null && history.record(state.at, state.riders)) {
      setHistoryVersion(history.version);
    }
  }, [history, state, version]);
  return { history, historyVersion };
}

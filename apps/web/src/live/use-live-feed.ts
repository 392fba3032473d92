import { useEffect, useState } from 'react';
import { type Connection, FeedClient } from './feed-client.ts';
import type { FeedState } from './feed-state.ts';

export interface LiveFeed {
  state: FeedState | null;
  /** Moves on every applied frame: a dependency for memos over the (mutated) state. */
  version: number;
  connection: Connection;
}

/** Subscribes a component to one stage's live feed for as long as it is mounted. */
export function useLiveFeed(stageId: string | undefined): LiveFeed {
  const [feed, setFeed] = useState<LiveFeed>({ state: null, version: -1, connection: 'connecting' });
  useEffect(() => {
    if (!stageId) return;
    const client = new FeedClient(stageId);
    const unsubscribe = client.subscribe((state, connection) =>
      setFeed({ state, version: state ? state.version : -1, connection }),
    );
    return () => {
      unsubscribe();
      client.close();
    };
  }, [stageId]);
  return feed;
}

import type { Connection } from './feed-client.ts';
import type { FeedState } from './feed-state.ts';

/** With no frame for this long (wall time), the page says the data is late instead of "live". */
export const LATE_AFTER_MS = 10_000;

/** Stages the server no longer sends frames for: their standings are final, not late. */
const SETTLED = new Set<FeedState['status']>(['finished', 'official', 'cancelled']);

export type ConnectionKind = 'connecting' | 'live' | 'late' | 'reconnecting' | 'closed' | 'settled';

export interface ConnectionView {
  kind: ConnectionKind;
  /** Seconds since the last frame arrived, when one did. */
  silentFor: number | null;
}

/** What the connection indicator says: "live" only while frames are arriving. */
export function connectionView(
  connection: Connection,
  status: FeedState['status'] | null,
  lastFrameWall: number | null,
  wall: number,
): ConnectionView {
  const silentFor = lastFrameWall === null ? null : Math.max(0, (wall - lastFrameWall) / 1000);
  if (connection === 'live' && status !== null && SETTLED.has(status)) return { kind: 'settled', silentFor };
  if (connection === 'live' && silentFor !== null && silentFor * 1000 > LATE_AFTER_MS) {
    return { kind: 'late', silentFor };
  }
  return { kind: connection, silentFor };
}

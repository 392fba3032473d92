import { useTranslation } from 'react-i18next';
import { formatAge, formatDuration } from '../../format/format.ts';
import { connectionView } from '../../live/connection-view.ts';
import type { Connection } from '../../live/feed-client.ts';
import type { FeedState } from '../../live/feed-state.ts';
import styles from './LivePage.module.css';

/**
 * The race status (announced when it changes), the race clock since the start, and the connection:
 * "Live" only while frames arrive; reconnecting or late data is said plainly.
 */
export function StatusBar({
  state,
  connection,
  now,
  lastFrameWall,
  wall,
}: {
  state: FeedState | null;
  connection: Connection;
  now: number;
  lastFrameWall: number | null;
  wall: number;
}) {
  const { t } = useTranslation('live');
  const { t: tc } = useTranslation('common');
  const status = state?.status ?? null;
  const view = connectionView(connection, status, lastFrameWall, wall);
  const connectionText = {
    connecting: t('connection.connecting'),
    live: t('connection.live'),
    late: t('connection.late'),
    reconnecting: t('connection.reconnecting'),
    closed: t('connection.closed'),
    settled: t('connection.settled'),
  }[view.kind];
  const showAge = (view.kind === 'late' || view.kind === 'reconnecting') && view.silentFor !== null;
  const running = status === 'live' || status === 'neutralised';
  // A finished race's clock stops at its last frame.
  const elapsed = state?.startedAt != null ? ((running ? now : state.at) - state.startedAt) / 1000 : null;
  return (
    <div className={styles.statusBar}>
      <p role="status" aria-live="polite" className={styles.statusItem}>
        <span className="visually-hidden">{t('status.label')}: </span>
        {status && (
          <span
            className={`badge ${status === 'live' && view.kind === 'live' ? 'badge-live' : ''} ${styles[`status_${status}`] ?? ''}`}
          >
            {tc(`stageStatus.${status}`)}
          </span>
        )}
      </p>
      <p className={styles.statusItem}>
        <span className={styles.muted}>{t('status.clock')}</span>{' '}
        <span role="timer" className={styles.clock}>
          {elapsed === null ? t('status.notStarted') : formatDuration(elapsed)}
        </span>
      </p>
      <p className={`${styles.statusItem} ${styles[`conn_${view.kind}`] ?? ''}`} data-connection={view.kind}>
        <span className="visually-hidden">{t('connection.label')}: </span>
        <span className={styles.dot} aria-hidden="true" />
        <span role="status" aria-live="polite">
          {connectionText}
        </span>
        {showAge && (
          <span className={styles.muted}>
            {' '}
            ({t('connection.lastUpdate', { age: formatAge(view.silentFor) })})
          </span>
        )}
      </p>
    </div>
  );
}

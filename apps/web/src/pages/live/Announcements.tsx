import { useTranslation } from 'react-i18next';
import { formatClock } from '../../format/format.ts';
import type { FeedState } from '../../live/feed-state.ts';
import styles from './LivePage.module.css';

/** Race control's announcements, newest first; new ones are read out politely. */
export function Announcements({
  announcements,
  timeZone,
}: {
  announcements: FeedState['announcements'];
  timeZone: string;
}) {
  const { t } = useTranslation('live');
  const newestFirst = [...announcements].sort((a, b) => b.at - a.at);
  return (
    <section aria-labelledby="live-announcements" className={styles.panel}>
      <h2 id="live-announcements">{t('announcements.heading')}</h2>
      <ol className={styles.announcements} aria-live="polite" aria-relevant="additions">
        {newestFirst.map((announcement) => (
          <li key={announcement.id}>
            <time dateTime={new Date(announcement.at).toISOString()} className={styles.muted}>
              {formatClock(announcement.at, timeZone)}
            </time>{' '}
            {announcement.text}
          </li>
        ))}
      </ol>
      {announcements.length === 0 && <p className={styles.muted}>{t('announcements.none')}</p>}
    </section>
  );
}

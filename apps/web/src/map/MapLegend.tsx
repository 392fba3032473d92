import { useTranslation } from 'react-i18next';
import { FINISHED_COLOUR, GROUP_PALETTE, STALE_COLOUR } from '../live/group-colours.ts';
import styles from './MapLegend.module.css';

/** What the dots on the map mean, in words (the colours are never the only clue). */
export function MapLegend({ count }: { count: number }) {
  const { t } = useTranslation('live');
  return (
    <div className={styles.legend}>
      <span className="visually-hidden">{t('map.legend')}: </span>
      <span className={styles.item}>
        {GROUP_PALETTE.slice(0, 3).map((colour) => (
          <span key={colour} className={styles.dot} style={{ background: colour }} aria-hidden="true" />
        ))}
        {t('map.legendGroup')}
      </span>
      <span className={styles.item}>
        <span className={`${styles.dot} ${styles.followed}`} aria-hidden="true" />
        {t('map.legendFollowed')}
      </span>
      <span className={styles.item}>
        <span className={styles.dot} style={{ background: STALE_COLOUR }} aria-hidden="true" />
        {t('map.legendStale')}
      </span>
      <span className={styles.item}>
        <span className={styles.dot} style={{ background: FINISHED_COLOUR }} aria-hidden="true" />
        {t('map.legendFinished')}
      </span>
      <span className={styles.item}>
        <span className={`${styles.dot} ${styles.dnf}`} aria-hidden="true">
          ×
        </span>
        {t('map.legendDnf')}
      </span>
      <span className={styles.count}>{t('map.riders', { count })}</span>
    </div>
  );
}

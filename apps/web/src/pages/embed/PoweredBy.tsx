import { useTranslation } from 'react-i18next';
import styles from './Embed.module.css';

/** The embed's credit and way out: the full live page in a new tab (the race comes from the feed). */
export function PoweredBy({ raceId, stageId }: { raceId: string | null; stageId: string }) {
  const { t } = useTranslation('live');
  return (
    <p className={styles.powered}>
      {t('embed.poweredBy')}
      {raceId && (
        <>
          {' — '}
          <a href={`/races/${raceId}/stages/${stageId}/live`} target="_blank" rel="noopener">
            {t('embed.openFull')}
          </a>
        </>
      )}
    </p>
  );
}

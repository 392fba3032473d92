import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RaceView } from '../../api/races-types.ts';
import { formatRaceDate } from '../../components/race/race-format.ts';
import styles from './RacePage.module.css';

/** The race's name, status and facts, its description, and the way to its results and statistics. */
export function RaceHeader({ race }: { race: RaceView }) {
  const { t } = useTranslation(['race', 'common']);
  const date = formatRaceDate(race.startDate);
  return (
    <header className={styles.header}>
      <p className={styles.status} aria-live="polite">
        <span className={`badge ${race.status === 'live' ? 'badge-live' : ''}`}>
          {t(`common:raceStatus.${race.status}`)}
        </span>
      </p>
      <h1 className={styles.name}>{race.name}</h1>
      <dl className={styles.facts}>
        <div>
          <dt>{t('race:details.date')}</dt>
          <dd>
            {date ? <time dateTime={race.startDate ?? undefined}>{date}</time> : t('race:details.noDate')}
          </dd>
        </div>
        <div>
          <dt>{t('race:details.location')}</dt>
          <dd>{race.location || t('race:details.noLocation')}</dd>
        </div>
        <div>
          <dt>{t('race:details.discipline')}</dt>
          <dd>{t(`race:discipline.${race.discipline}`)}</dd>
        </div>
      </dl>
      {race.description && <p className={styles.description}>{race.description}</p>}
      <p className={styles.timeZone}>{t('race:details.timeZone', { timeZone: race.timeZone })}</p>
      <nav aria-label={t('race:links.more')} className={styles.headerLinks}>
        <Link className={styles.button} to={`/races/${race.id}/results`}>
          {t('race:links.results')}
        </Link>
        <Link className={styles.button} to={`/races/${race.id}/statistics`}>
          {t('race:links.statistics')}
        </Link>
      </nav>
    </header>
  );
}

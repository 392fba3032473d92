import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RaceView } from '../../api/races-types.ts';
import styles from './RaceCard.module.css';
import { formatRaceDate } from './race-format.ts';

export interface RaceCardProps {
  race: RaceView;
  /** Heading level of the race name within its list. */
  headingLevel?: 3 | 4;
  /** Extra links under the details (watch live, results). */
  children?: React.ReactNode;
}

/** One race in a list: name (its link), where, when (the race's date), discipline and status. */
export function RaceCard({ race, headingLevel = 3, children }: RaceCardProps) {
  const { t } = useTranslation(['home', 'race', 'common']);
  const Heading = `h${headingLevel}` as const;
  const live = race.status === 'live' || race.status === 'neutralised';
  const date = formatRaceDate(race.startDate);
  return (
    <article className={`${styles.card} ${live ? styles.live : ''}`} aria-labelledby={`race-${race.id}`}>
      <div className={styles.top}>
        <span className={`badge ${race.status === 'live' ? 'badge-live' : ''} ${styles.status}`}>
          {t(`common:raceStatus.${race.status}`)}
        </span>
        <span className={styles.discipline}>{t(`race:discipline.${race.discipline}`)}</span>
      </div>
      <Heading id={`race-${race.id}`} className={styles.name}>
        <Link to={`/races/${race.id}`} className={styles.link}>
          {race.name}
        </Link>
      </Heading>
      <dl className={styles.facts}>
        <dt className="visually-hidden">{t('race:details.date')}</dt>
        <dd>{date ? <time dateTime={race.startDate ?? undefined}>{date}</time> : t('home:card.noDate')}</dd>
        <dt className="visually-hidden">{t('race:details.location')}</dt>
        <dd>{race.location || t('home:card.noLocation')}</dd>
      </dl>
      {children && <div className={styles.actions}>{children}</div>}
    </article>
  );
}

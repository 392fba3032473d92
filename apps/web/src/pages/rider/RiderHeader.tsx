import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RiderProfileView, RiderRaceView } from '../../api/rider-types.ts';
import styles from './Rider.module.css';
import { ageGroupOf, nationalityName, raceYear } from './rider-view.ts';

/** Name, bib and the facts about the rider: team, category, nationality, age group. */
export function RiderHeader({
  profile,
  race,
}: {
  profile: RiderProfileView;
  race: RiderRaceView | undefined;
}) {
  const { t } = useTranslation('rider');
  const group = ageGroupOf(profile.birthYear, raceYear(race?.startDate ?? null));
  const none = t('profile.none');
  return (
    <header className={styles.header}>
      <p className={styles.crumb}>
        <Link to={`/races/${profile.raceId}`}>{profile.raceName}</Link>
      </p>
      <h1>
        {profile.name} <span className="badge">{t('bib', { bib: profile.bib })}</span>
      </h1>
      <dl className={styles.facts} aria-label={t('profile.label')}>
        <div>
          <dt>{t('profile.team')}</dt>
          <dd>{profile.team ?? none}</dd>
        </div>
        <div>
          <dt>{t('profile.category')}</dt>
          <dd>{profile.category ?? none}</dd>
        </div>
        <div>
          <dt>{t('profile.nationality')}</dt>
          <dd>{nationalityName(profile.nationality) ?? none}</dd>
        </div>
        <div>
          <dt>{t('profile.ageGroup')}</dt>
          <dd>
            {group && profile.birthYear !== null
              ? t('profile.ageGroupValue', { group, year: profile.birthYear })
              : none}
          </dd>
        </div>
      </dl>
    </header>
  );
}

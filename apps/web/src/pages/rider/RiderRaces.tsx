import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RiderProfileView, RiderRaceView } from '../../api/rider-types.ts';
import { formatDate, formatDuration, formatGap } from '../../format/format.ts';
import styles from './Rider.module.css';

/** Every race of the same person the viewer may see, newest first, with their stage results. */
export function RiderRaces({ profile }: { profile: RiderProfileView }) {
  const { t } = useTranslation('rider');
  return (
    <section className={styles.section} aria-labelledby="rider-races">
      <h2 id="rider-races">{t('races.heading')}</h2>
      {profile.races.length === 0 && <p className="status-line">{t('races.none')}</p>}
      <ul className={styles.races}>
        {profile.races.map((race) => (
          <li key={race.registrationId}>
            <RaceCard race={race} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function RaceCard({ race }: { race: RiderRaceView }) {
  const { t } = useTranslation(['rider', 'common']);
  return (
    <div className={styles.card}>
      <h3>
        <Link to={`/races/${race.raceId}`}>{race.raceName}</Link>{' '}
        <span className={race.raceStatus === 'live' ? 'badge badge-live' : 'badge'}>
          {t(`common:raceStatus.${race.raceStatus}`)}
        </span>
      </h3>
      <p className={styles.meta}>
        {race.startDate && <span>{formatDate(race.startDate)}</span>}
        <span>{t('bib', { bib: race.bib })}</span>
        {race.team && <span>{race.team}</span>}
        {race.category && <span>{race.category}</span>}
      </p>
      <p className={styles.links}>
        <Link to={`/races/${race.raceId}/results`}>{t('races.results')}</Link>
        {race.current ? (
          <span className="status-line">({t('races.thisRace')})</span>
        ) : (
          <Link to={`/riders/${race.registrationId}`}>{t('races.otherProfile')}</Link>
        )}
      </p>
      {race.stages.length === 0 ? (
        <p className="status-line">{t('races.noStages')}</p>
      ) : (
        <div className={styles.scroll}>
          <table>
            <caption className="visually-hidden">{t('races.caption', { race: race.raceName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('races.stage')}</th>
                <th scope="col" className="num">
                  {t('races.rank')}
                </th>
                <th scope="col" className="num">
                  {t('races.time')}
                </th>
                <th scope="col" className="num">
                  {t('races.gap')}
                </th>
                <th scope="col">{t('races.status')}</th>
              </tr>
            </thead>
            <tbody>
              {race.stages.map((stage) => (
                <tr key={stage.stageId}>
                  <th scope="row">
                    <Link to={`/races/${race.raceId}/results?stage=${stage.stageId}`}>
                      {stage.number}. {stage.name}
                    </Link>
                  </th>
                  <td className="num">{stage.rank ?? '–'}</td>
                  <td className="num">{formatDuration(stage.time)}</td>
                  <td className="num">{stage.rank === 1 ? '' : formatGap(stage.gap)}</td>
                  <td>{stage.status ?? t('races.finished')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

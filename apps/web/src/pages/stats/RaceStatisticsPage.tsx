import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { RaceView } from '../../api/races-types.ts';
import type { RaceStatisticsView } from '../../api/stats-types.ts';
import { useApi } from '../../api/use-api.ts';
import { RaceGate } from '../../components/race/RaceGate.tsx';
import { ErrorNotice, Loading } from '../../components/Status.tsx';
import { RaceStatsView } from '../../components/stats/RaceStatsView.tsx';
import styles from './StatisticsPage.module.css';

/** One race in numbers. */
export default function RaceStatisticsPage() {
  const { raceId = '' } = useParams();
  const race = useApi<RaceView>(`/api/v1/races/${raceId}`);
  return (
    <RaceGate error={race.error} loading={race.loading} ready={race.data !== undefined} onRetry={race.reload}>
      {() => <RaceStatisticsBody race={race.data!} />}
    </RaceGate>
  );
}

function RaceStatisticsBody({ race }: { race: RaceView }) {
  const { t } = useTranslation('stats');
  const stats = useApi<RaceStatisticsView>(`/api/v1/races/${race.id}/statistics`);
  useEffect(() => {
    document.title = `${t('raceTitle', { race: race.name })} · Echelon`;
  }, [t, race.name]);
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <p className={styles.back}>
          <Link to={`/races/${race.id}`}>← {race.name}</Link>
        </p>
        <h1>{t('raceTitle', { race: race.name })}</h1>
        <nav aria-label={t('raceLinks.race')} className={styles.links}>
          <Link to={`/races/${race.id}/results`}>{t('raceLinks.results')}</Link>
        </nav>
      </header>
      {stats.error ? (
        stats.error.status === 404 ? (
          <p className="notice">{t('unavailable')}</p>
        ) : (
          <ErrorNotice error={stats.error} onRetry={stats.reload} />
        )
      ) : stats.data ? (
        <RaceStatsView stats={stats.data} />
      ) : (
        <Loading />
      )}
    </div>
  );
}

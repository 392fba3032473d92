import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatisticsView } from '../../api/stats-types.ts';
import { useApi } from '../../api/use-api.ts';
import { ErrorNotice, Loading } from '../../components/Status.tsx';
import { GlobalStatsView } from '../../components/stats/GlobalStatsView.tsx';
import styles from './StatisticsPage.module.css';

/** Statistics over every public race that has finished. */
export default function StatisticsPage() {
  const { t } = useTranslation('stats');
  const stats = useApi<StatisticsView>('/api/v1/statistics');
  useEffect(() => {
    document.title = `${t('title')} · Echelon`;
  }, [t]);
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1>{t('title')}</h1>
        <p className={styles.intro}>{t('intro')}</p>
      </header>
      {stats.error ? (
        stats.error.status === 404 ? (
          <p className="notice">{t('unavailable')}</p>
        ) : (
          <ErrorNotice error={stats.error} onRetry={stats.reload} />
        )
      ) : stats.data ? (
        <GlobalStatsView stats={stats.data} />
      ) : (
        <Loading />
      )}
    </div>
  );
}

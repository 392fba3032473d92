import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RaceListView } from '../../api/races-types.ts';
import type { RaceStatisticsView } from '../../api/stats-types.ts';
import { useApi } from '../../api/use-api.ts';
import { ErrorNotice, Loading } from '../../components/Status.tsx';
import { RaceStatsView } from '../../components/stats/RaceStatsView.tsx';

/** The public race statistics, for the races the signed-in user runs (including unpublished ones). */
export default function AdminStatisticsPage() {
  const { t } = useTranslation('admin');
  const races = useApi<RaceListView>('/api/v1/races?mine=true&limit=200');
  const [picked, setPicked] = useState<string>('');
  const raceId = picked || races.data?.items[0]?.id || null;
  const stats = useApi<RaceStatisticsView>(raceId ? `/api/v1/races/${raceId}/statistics` : null);
  if (races.error) return <ErrorNotice error={races.error} onRetry={races.reload} />;
  if (!races.data) return <Loading />;
  return (
    <section aria-labelledby="admin-stats">
      <h1 id="admin-stats">{t('statistics.heading')}</h1>
      {races.data.items.length === 0 ? (
        <p>{t('statistics.empty')}</p>
      ) : (
        <label>
          {t('statistics.pick')}{' '}
          <select value={raceId ?? ''} onChange={(e) => setPicked(e.target.value)}>
            {races.data.items.map((race) => (
              <option key={race.id} value={race.id}>
                {race.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {stats.error ? (
        <p className="notice">{stats.error.message}</p>
      ) : stats.data ? (
        <RaceStatsView stats={stats.data} />
      ) : raceId ? (
        <Loading />
      ) : null}
    </section>
  );
}

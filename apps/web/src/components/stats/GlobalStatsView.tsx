import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatisticsView } from '../../api/stats-types.ts';
import { CourseRecordsTable } from './CourseRecordsTable.tsx';
import { Figures } from './Figures.tsx';
import { LazyBarChart } from './LazyBarChart.tsx';
import styles from './Stats.module.css';
import { formatPercent, racesPerYearSeries } from './stats-series.ts';

const year = (value: number) => (Number.isInteger(value) ? String(value) : '');

/** Every public finished race in numbers: totals, races per year (chart and table), course records. */
export function GlobalStatsView({ stats }: { stats: StatisticsView }) {
  const { t } = useTranslation('stats');
  const perYear = useMemo(() => racesPerYearSeries(stats.racesByYear), [stats.racesByYear]);
  return (
    <>
      <section aria-labelledby="stats-overview" className={styles.section}>
        <h2 id="stats-overview">{t('overview.heading')}</h2>
        <Figures
          label={t('overview.heading')}
          figures={[
            { label: t('overview.races'), value: String(stats.races) },
            { label: t('overview.riders'), value: String(stats.riders) },
            { label: t('overview.finishers'), value: String(stats.finishers) },
            { label: t('overview.dnfRate'), value: formatPercent(stats.dnfRate) },
          ]}
        />
      </section>

      <section aria-labelledby="stats-years" className={styles.section}>
        <h2 id="stats-years">{t('racesByYear.heading')}</h2>
        {perYear.x.length === 0 ? (
          <p className="status-line">{t('racesByYear.none')}</p>
        ) : (
          <div className={styles.charts}>
            <div className={styles.chart}>
              <LazyBarChart
                series={perYear}
                label={t('racesByYear.chart')}
                summary={stats.racesByYear.map((r) => `${r.year}: ${r.races}`).join(', ')}
                xLabel={t('racesByYear.year')}
                yLabel={t('racesByYear.races')}
                formatX={year}
              />
            </div>
            <table className={styles.sideTable}>
              <caption className="visually-hidden">{t('racesByYear.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('racesByYear.year')}</th>
                  <th scope="col" className="num">
                    {t('racesByYear.races')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...stats.racesByYear]
                  .sort((a, b) => b.year - a.year)
                  .map((row) => (
                    <tr key={row.year}>
                      <th scope="row">{row.year}</th>
                      <td className="num">{row.races}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="stats-records" className={styles.section}>
        <h2 id="stats-records">{t('records.heading')}</h2>
        <p className={styles.intro}>{t('records.intro')}</p>
        <CourseRecordsTable records={stats.courseRecords} />
      </section>
    </>
  );
}

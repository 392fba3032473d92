import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RaceStatisticsView } from '../../api/stats-types.ts';
import { formatSpeed } from '../../format/format.ts';
import { Figures } from './Figures.tsx';
import { FinishHistogram } from './FinishHistogram.tsx';
import { LazyBarChart } from './LazyBarChart.tsx';
import { SegmentsTable } from './SegmentsTable.tsx';
import { StageStatsTable } from './StageStatsTable.tsx';
import styles from './Stats.module.css';
import { averageSpeedSeries, dnfRateSeries, formatPercent, raceTotals } from './stats-series.ts';

const stageNumber = (value: number) => (Number.isInteger(value) ? String(value) : '');

/** A race in numbers: totals, per-stage DNF rate and speed (charts and table), finish times, fastest splits. */
export function RaceStatsView({ stats }: { stats: RaceStatisticsView }) {
  const { t } = useTranslation('stats');
  const selectId = useId();
  const stages = useMemo(() => [...stats.stages].sort((a, b) => a.number - b.number), [stats.stages]);
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = stages.find((s) => s.stageId === chosen) ?? stages.at(-1);
  const totals = raceTotals(stages);
  const dnf = useMemo(() => dnfRateSeries(stages), [stages]);
  const speed = useMemo(() => averageSpeedSeries(stages), [stages]);
  const hasSpeeds = speed.y.some((v) => v !== null);

  if (stages.length === 0) return <p className="notice">{t('stages.none')}</p>;
  return (
    <>
      <section aria-labelledby="stats-overview" className={styles.section}>
        <h2 id="stats-overview">{t('overview.heading')}</h2>
        <Figures
          label={t('overview.heading')}
          figures={[
            { label: t('overview.stages'), value: String(totals.stages) },
            { label: t('overview.starters'), value: String(totals.starters) },
            { label: t('overview.finishers'), value: String(totals.finishers) },
            { label: t('overview.dnfRate'), value: formatPercent(totals.dropoutRate) },
            ...(totals.fastest && totals.fastestStage
              ? [
                  {
                    label: t('overview.fastest'),
                    value: formatSpeed(totals.fastest.speed),
                    detail: t('overview.fastestDetail', {
                      rider: totals.fastest.name,
                      bib: totals.fastest.bib,
                      stage: t('stages.stageLabel', { number: totals.fastestStage.number }),
                    }),
                  },
                ]
              : []),
          ]}
        />
      </section>

      <section aria-labelledby="stats-stages" className={styles.section}>
        <h2 id="stats-stages">{t('stages.heading')}</h2>
        <div className={styles.charts}>
          <div className={styles.chart}>
            <h3>{t('charts.dnfRate')}</h3>
            <LazyBarChart
              series={dnf}
              label={t('charts.dnfRate')}
              summary={`${t('charts.dnfRate')}: ${stages.map((s) => `${t('stages.stageLabel', { number: s.number })} ${formatPercent(s.dnfRate)}`).join(', ')}`}
              xLabel={t('charts.stageAxis')}
              yLabel={t('charts.dnfRateAxis')}
              formatX={stageNumber}
              colour="#d62828"
            />
          </div>
          <div className={styles.chart}>
            <h3>{t('charts.averageSpeed')}</h3>
            {hasSpeeds ? (
              <LazyBarChart
                series={speed}
                label={t('charts.averageSpeed')}
                summary={`${t('charts.averageSpeed')}: ${stages.map((s) => `${t('stages.stageLabel', { number: s.number })} ${formatSpeed(s.averageSpeed)}`).join(', ')}`}
                xLabel={t('charts.stageAxis')}
                yLabel={t('charts.averageSpeedAxis')}
                formatX={stageNumber}
              />
            ) : (
              <p className="status-line">{t('charts.noSpeeds')}</p>
            )}
          </div>
        </div>
        <StageStatsTable stages={stages} />
      </section>

      {selected && (
        <section aria-labelledby="stats-stage" className={styles.section}>
          <h2 id="stats-stage">{t('charts.histogram', { number: selected.number })}</h2>
          {stages.length > 1 && (
            <div className={styles.field}>
              <label htmlFor={selectId}>{t('stageSelect')}</label>
              <select
                id={selectId}
                value={selected.stageId}
                onChange={(event) => setChosen(event.target.value)}
              >
                {stages.map((stage) => (
                  <option key={stage.stageId} value={stage.stageId}>
                    {t('stages.stageLabel', { number: stage.number })} — {stage.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <FinishHistogram stage={selected} />
          <h3>{t('segments.heading')}</h3>
          <p className={styles.intro}>{t('segments.intro')}</p>
          <SegmentsTable
            segments={selected.segments}
            caption={`${t('segments.heading')} — ${t('stages.stageLabel', { number: selected.number })}`}
          />
        </section>
      )}
    </>
  );
}

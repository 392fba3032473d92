import { useEffect, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CategoryView, RaceView, RegistrationListView, StageListView } from '../../api/races-types.ts';
import {
  type ClassificationView,
  RESULTS_TABS,
  type ResultsTab,
  type StageResultsView,
} from '../../api/results-types.ts';
import { useApi } from '../../api/use-api.ts';
import { stageStatuses } from '../../components/race/stage-status.ts';
import { raceYearOf } from '../../components/results/age-groups.ts';
import { ResultsFilters } from '../../components/results/ResultsFilters.tsx';
import { ResultsTable } from '../../components/results/ResultsTable.tsx';
import { ResultsTabs, tabId } from '../../components/results/ResultsTabs.tsx';
import {
  ageGroupChoices,
  categoryOptions,
  csvLink,
  defaultResultsStage,
  filterResults,
  filtersApply,
  genderChoices,
  narrowed,
  rankingPlace,
  resultsPath,
} from '../../components/results/results-view.ts';
import { ErrorNotice, Loading } from '../../components/Status.tsx';
import { AfterStageSelect } from './AfterStageSelect.tsx';
import { hasAfterStage, shownAfterStage, withAfterStage } from './after-stage.ts';
import styles from './ResultsPage.module.css';
import { StageSelect, stageName } from './StageSelect.tsx';
import { StateBadge } from './StateBadge.tsx';
import { useResultsParams } from './use-results-params.ts';

export function ResultsBody({ race }: { race: RaceView }) {
  const { t } = useTranslation('results');
  const panelId = useId();
  const {
    tab,
    stageId: askedStage,
    afterStage,
    filter,
    setTab,
    setStage,
    setAfterStage,
    setFilter,
  } = useResultsParams();
  const stages = useApi<StageListView>(`/api/v1/races/${race.id}/stages`);
  const registrations = useApi<RegistrationListView>(`/api/v1/races/${race.id}/registrations`);
  const categories = useApi<{ items: CategoryView[] }>(`/api/v1/races/${race.id}/categories`);

  const items = useMemo(
    () => [...(stages.data?.items ?? [])].sort((a, b) => a.number - b.number),
    [stages.data],
  );
  // Each stage's own status: which one to open on, and what the stage picker says of each.
  const statuses = useMemo(() => stageStatuses(race.status, items), [race.status, items]);
  const lastRaced = useMemo(() => defaultResultsStage(items, statuses, Date.now()), [items, statuses]);
  const stage = items.find((s) => s.id === askedStage) ?? lastRaced;
  const riderList = registrations.data?.items ?? [];
  const year = raceYearOf(race.startDate);

  const waiting = tab === 'stage' && !stages.data;
  const tabPath = waiting ? null : resultsPath(race.id, stage?.id ?? null, tab, filter);
  const path = tabPath && withAfterStage(tabPath, tab, afterStage);
  const results = useApi<StageResultsView | ClassificationView>(
    path,
    race.status === 'live' ? 30_000 : undefined,
  );
  // Rows of another tab or stage must not show under this one's heading while the new ones load.
  const current = results.data && !results.loading ? results.data : undefined;
  const rows = current?.items ?? [];
  const shown = useMemo(() => filterResults(rows, filter.search), [rows, filter.search]);
  const state = current?.state ?? null;
  const classification = current && tab !== 'stage' ? (current as ClassificationView) : undefined;
  const tabCsv = csvLink(race.id, stage?.id ?? null, tab, filter);
  const csv = tabCsv && withAfterStage(tabCsv, tab, afterStage);
  const place = rankingPlace(tab, filter);
  const categoryList = categories.data?.items ?? [];
  const byStages = hasAfterStage(tab, items.length);
  const after = items.find(
    (s) => s.number === shownAfterStage(afterStage, classification?.afterStage?.number, lastRaced?.number),
  );

  useEffect(() => {
    document.title = `${t('pageTitle', { race: race.name })} · Echelon`;
  }, [t, race.name]);

  const tabLabel = (value: ResultsTab) => t(`tabs.${value}`);
  const caption =
    tab === 'stage' && stage
      ? `${tabLabel(tab)} — ${stageName(t, stage)}`
      : byStages && after
        ? t('captionAfter', { classification: tabLabel(tab), stage: stageName(t, after) })
        : tabLabel(tab);

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <p className={styles.back}>
          <Link to={`/races/${race.id}`}>← {race.name}</Link>
        </p>
        <h1 className={styles.title}>{t('pageTitle', { race: race.name })}</h1>
      </header>

      {stages.data && items.length === 0 ? (
        <p className="notice">{t('empty.noStages')}</p>
      ) : (
        <>
          <ResultsTabs tabs={RESULTS_TABS} selected={tab} onSelect={setTab} panelId={panelId} />
          <section id={panelId} role="tabpanel" aria-labelledby={tabId(tab)} className={styles.panel}>
            <p className={styles.note}>
              {tab === 'stage'
                ? t('tabNote.stage')
                : byStages && afterStage !== null && after
                  ? t('tabNote.afterStage', { stage: stageName(t, after) })
                  : t('tabNote.classification')}
              {classification?.afterStage &&
                !classification.stages.includes(classification.afterStage.number) &&
                ` ${t('tabNote.notCounted', { stage: stageName(t, classification.afterStage) })}`}
            </p>
            <ResultsFilters
              filter={filter}
              categories={categoryOptions(categoryList, riderList)}
              ageGroups={ageGroupChoices(categoryList, rows, riderList, year, filter.ageGroup)}
              genders={genderChoices(riderList, filter.gender)}
              showGroups={filtersApply(tab)}
              teams={tab === 'team'}
              onChange={setFilter}
            >
              {tab === 'stage' && stage && (
                <StageSelect stages={items} statuses={statuses} selected={stage.id} onSelect={setStage} />
              )}
              {byStages && (
                <AfterStageSelect stages={items} selected={after?.number ?? null} onSelect={setAfterStage} />
              )}
            </ResultsFilters>
            <div className={styles.meta}>
              {state && <StateBadge state={state} />}
              <span className="status-line" role="status" aria-live="polite">
                {rows.length > 0 &&
                  (shown.length === rows.length
                    ? t('countAll', { count: rows.length })
                    : t('count', { shown: shown.length, total: rows.length }))}
              </span>
              {csv && rows.length > 0 && (
                <a className={styles.csv} href={csv} download>
                  {t('csv')}
                </a>
              )}
            </div>
            {results.error ? (
              <ErrorNotice error={results.error} onRetry={results.reload} />
            ) : !current ? (
              <Loading />
            ) : rows.length === 0 ? (
              <p className="notice">
                {filtersApply(tab) && narrowed(filter) ? t('empty.noMatch') : t(`empty.${tab}`)}
              </p>
            ) : shown.length === 0 ? (
              <p className="notice">{t('empty.noMatch')}</p>
            ) : (
              <ResultsTable
                key={`${tab}-${stage?.id}-${afterStage}-${filter.search}-${filter.gender}-${filter.category}-${filter.ageGroup}`}
                tab={tab}
                rows={shown}
                place={
                  place && {
                    label:
                      place.ranking === 'gender'
                        ? t('columns.genderPlace', {
                            gender: t(`filters.genders.${place.label as 'F' | 'M' | 'X'}`),
                          })
                        : t('columns.groupPlace', { group: place.label }),
                    of: place.of,
                  }
                }
                caption={caption}
                precision={current && 'timePrecision' in current ? current.timePrecision : undefined}
              />
            )}
          </section>
        </>
      )}
    </div>
  );
}

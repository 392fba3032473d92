import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import type { RaceView, RegistrationListView, StageListView } from '../../api/races-types.ts';
import { useApi } from '../../api/use-api.ts';
import { RaceGate } from '../../components/race/RaceGate.tsx';
import { StageCourse } from '../../components/race/StageCourse.tsx';
import { StagesList, useStageTitle } from '../../components/race/StagesList.tsx';
import { StartList } from '../../components/race/StartList.tsx';
import { currentStage, stageStatuses } from '../../components/race/stage-status.ts';
import { Loading } from '../../components/Status.tsx';
import { RaceHeader } from './RaceHeader.tsx';
import styles from './RacePage.module.css';

/** A race: what and where, its stages (live, replay, results), the selected stage's course, the start list. */
export default function RacePage() {
  const { raceId = '' } = useParams();
  const race = useApi<RaceView>(`/api/v1/races/${raceId}`, 60_000);
  return (
    <RaceGate error={race.error} loading={race.loading} ready={race.data !== undefined} onRetry={race.reload}>
      {() => <RaceBody race={race.data!} />}
    </RaceGate>
  );
}

function RaceBody({ race }: { race: RaceView }) {
  const { t } = useTranslation('race');
  const [params, setParams] = useSearchParams();
  const stages = useApi<StageListView>(`/api/v1/races/${race.id}/stages`);
  const riders = useApi<RegistrationListView>(`/api/v1/races/${race.id}/registrations`);
  const items = useMemo(
    () => [...(stages.data?.items ?? [])].sort((a, b) => a.number - b.number),
    [stages.data],
  );
  // Each stage's own status, from race control.
  const statuses = useMemo(() => stageStatuses(race.status, items), [race.status, items]);
  const title = useStageTitle();

  useEffect(() => {
    document.title = `${race.name} · Echelon`;
  }, [race.name]);

  const asked = params.get('stage');
  const selected =
    items.find((s) => s.id === asked) ??
    currentStage(items) ??
    items.find((s) => s.hasCourse) ??
    items[0] ??
    null;

  const select = (stageId: string) => {
    const next = new URLSearchParams(params);
    next.set('stage', stageId);
    setParams(next, { replace: true, preventScrollReset: true });
  };

  return (
    <div className={styles.page}>
      <RaceHeader race={race} />

      <div className={styles.stagesAndCourse}>
        <section aria-labelledby="race-stages" className={styles.section}>
          <h2 id="race-stages">{t('stages.heading')}</h2>
          {stages.error ? (
            <p className="status-line">{stages.error.message}</p>
          ) : stages.data ? (
            <StagesList
              race={race}
              stages={items}
              statuses={statuses}
              selectedId={selected?.id ?? null}
              onSelect={select}
            />
          ) : (
            <Loading />
          )}
        </section>
        {selected && (
          <section aria-labelledby="race-course" className={`${styles.section} ${styles.course}`}>
            <h2 id="race-course">{t('course.heading', { stage: title(selected) })}</h2>
            <StageCourse
              key={selected.id}
              stageId={selected.id}
              title={title(selected)}
              hasCourse={selected.hasCourse}
            />
          </section>
        )}
      </div>

      <section aria-labelledby="race-start-list" className={styles.section}>
        <h2 id="race-start-list">{t('startList.heading')}</h2>
        {riders.error ? (
          <p className="status-line">{riders.error.message}</p>
        ) : riders.data ? (
          <StartList riders={riders.data.items} />
        ) : (
          <Loading />
        )}
      </section>
    </div>
  );
}

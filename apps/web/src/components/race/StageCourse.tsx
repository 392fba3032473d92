import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckpointView, CourseView } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { formatDistance } from '../../format/format.ts';
import { Loading } from '../Status.tsx';
import { CheckpointTable } from './CheckpointTable.tsx';
import { formatClimbing } from './race-format.ts';
import styles from './StageCourse.module.css';

// Leaflet and uPlot are heavy: they load with the first course drawn, not with the race page.
const CourseMap = lazy(() => import('../../map/CourseMap.tsx').then((m) => ({ default: m.CourseMap })));
const ElevationProfile = lazy(() =>
  import('../../charts/ElevationProfile.tsx').then((m) => ({ default: m.ElevationProfile })),
);

export interface StageCourseProps {
  stageId: string;
  title: string;
  hasCourse: boolean;
}

/** The selected stage's course: the map with its checkpoints, the elevation profile, the checkpoint table. */
export function StageCourse({ stageId, title, hasCourse }: StageCourseProps) {
  const { t } = useTranslation('race');
  // Only the selected stage's course is downloaded, for its map and profile; the list has the figures.
  const loaded = useApi<CourseView>(hasCourse ? `/api/v1/stages/${stageId}/course` : null);
  const course = loaded.data;
  const checkpoints = useApi<{ items: CheckpointView[] }>(
    hasCourse ? `/api/v1/stages/${stageId}/checkpoints` : null,
  );
  const items = checkpoints.data?.items;
  const ticks = useMemo(
    () => (items ?? []).map((c) => ({ name: c.name, d: c.distance, kind: c.kind })),
    [items],
  );
  const mapCheckpoints = useMemo(() => items ?? [], [items]);

  if (!hasCourse) return <p className="status-line">{t('course.none')}</p>;
  if (loaded.error) return <p className="status-line">{loaded.error.message}</p>;
  if (!course) return <Loading />;
  const summary =
    course.lapCount > 1
      ? t('course.summaryLaps', {
          count: course.lapCount,
          lap: formatDistance(course.lapLength),
          distance: formatDistance(course.length),
          climbing: formatClimbing(course.climbing),
        })
      : t('course.summary', {
          distance: formatDistance(course.length),
          climbing: formatClimbing(course.climbing),
        });
  return (
    <div className={styles.course}>
      <p className={styles.summary}>{summary}</p>
      <div className={styles.visuals}>
        <Suspense fallback={<div className={styles.mapPlaceholder} />}>
          <CourseMap
            course={course}
            checkpoints={mapCheckpoints}
            label={t('course.map', { stage: title })}
            className={styles.map}
          />
        </Suspense>
        {course.hasElevation && course.profile.length > 1 && (
          <Suspense fallback={<div className={styles.profilePlaceholder} />}>
            <div className={styles.profile}>
              <ElevationProfile
                profile={course.profile}
                checkpoints={ticks}
                label={t('course.profile', { stage: title })}
              />
            </div>
          </Suspense>
        )}
      </div>
      <h3 className={styles.subheading}>{t('checkpoints.heading')}</h3>
      {checkpoints.error ? (
        <p className="status-line">{checkpoints.error.message}</p>
      ) : items ? (
        <CheckpointTable checkpoints={items} caption={`${t('checkpoints.heading')} — ${title}`} />
      ) : (
        <Loading />
      )}
    </div>
  );
}

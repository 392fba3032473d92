import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { CheckpointView, CourseView } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { useFollow } from '../../components/follow/use-follow.ts';
import { ErrorNotice, Loading } from '../../components/Status.tsx';
import { useLiveFeed } from '../../live/use-live-feed.ts';
import { LiveMap } from '../../map/LiveMap.tsx';
import type { SceneFocus } from '../../map/rider-scene.ts';
import { useFeedClock } from '../live/use-feed-clock.ts';
import styles from './Embed.module.css';
import { PoweredBy } from './PoweredBy.tsx';

/** The live map alone, for other sites to embed: the course and every rider moving on it. */
export default function EmbedMapPage() {
  const { stageId = '' } = useParams();
  const { t } = useTranslation('live');
  const { state, version } = useLiveFeed(stageId);
  const { clock } = useFeedClock(state, version);
  const course = useApi<CourseView>(`/api/v1/stages/${stageId}/course`);
  const checkpoints = useApi<{ items: CheckpointView[] }>(`/api/v1/stages/${stageId}/checkpoints`);
  const follow = useFollow(state?.raceId);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const focus = useMemo<SceneFocus>(
    () => ({ followed: follow.followed, selectedId, group: null, category: '' }),
    [follow.followed, selectedId],
  );
  return (
    <main className={styles.embed}>
      <h1 className="visually-hidden">{t('embed.mapHeading')}</h1>
      {course.error ? (
        <ErrorNotice error={course.error} onRetry={course.reload} />
      ) : course.data ? (
        <LiveMap
          course={course.data}
          checkpoints={checkpoints.data?.items ?? []}
          state={state}
          version={version}
          clock={clock}
          focus={focus}
          onSelect={setSelectedId}
          className={styles.fill}
        />
      ) : (
        <Loading />
      )}
      <PoweredBy raceId={state?.raceId ?? null} stageId={stageId} />
    </main>
  );
}

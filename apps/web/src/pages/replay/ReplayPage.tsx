import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { StageTracksView } from '../../api/replay-types.ts';
import type { CheckpointView, CourseView, Race, StageView } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { ErrorNotice, Loading, NotFound } from '../../components/Status.tsx';
import { ReplayView } from './ReplayView.tsx';

const NO_CHECKPOINTS: CheckpointView[] = [];

/** `/races/:raceId/stages/:stageId/replay`: a started or finished stage ridden again from its fixes. */
export default function ReplayPage() {
  const { raceId, stageId } = useParams();
  const { t } = useTranslation('rider');
  const race = useApi<Race>(raceId ? `/api/v1/races/${raceId}` : null);
  const stage = useApi<StageView>(stageId ? `/api/v1/stages/${stageId}` : null);
  const course = useApi<CourseView>(stageId ? `/api/v1/stages/${stageId}/course` : null);
  const checkpoints = useApi<{ items: CheckpointView[] }>(
    stageId ? `/api/v1/stages/${stageId}/checkpoints` : null,
  );
  const tracks = useApi<StageTracksView>(stageId ? `/api/v1/stages/${stageId}/tracks?step=5` : null);

  const failed = race.error ?? stage.error ?? tracks.error ?? course.error;
  if (failed) {
    return (
      <ErrorNotice
        error={failed}
        onRetry={() => {
          race.reload();
          stage.reload();
          course.reload();
          tracks.reload();
        }}
      />
    );
  }
  if (!race.data || !stage.data || !course.data || !tracks.data) return <Loading />;
  if (stage.data.raceId !== race.data.id) return <NotFound />;
  return (
    <>
      <title>{`${t('replay.title', { stage: stage.data.name })} · ${race.data.name}`}</title>
      <ReplayView
        race={race.data}
        stage={stage.data}
        course={course.data}
        checkpoints={checkpoints.data?.items ?? NO_CHECKPOINTS}
        tracks={tracks.data}
        reloading={tracks.loading}
        onReload={tracks.reload}
      />
    </>
  );
}

import type { CheckpointView, CourseView, Race, StageView } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';

/** The still parts of a live page: race, stage, course and checkpoints (the feed brings the rest). */
export function useStageData(raceId: string | null, stageId: string | undefined) {
  const race = useApi<Race>(raceId ? `/api/v1/races/${raceId}` : null);
  const stage = useApi<StageView>(stageId ? `/api/v1/stages/${stageId}` : null);
  const course = useApi<CourseView>(stageId ? `/api/v1/stages/${stageId}/course` : null);
  const checkpoints = useApi<{ items: CheckpointView[] }>(
    stageId ? `/api/v1/stages/${stageId}/checkpoints` : null,
  );
  return { race, stage, course, checkpoints };
}

import { StageScoring } from '@echelon/contracts';
import { DEFAULT_LIVE_SETTINGS, type LiveCourse, metres } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import { liveCourseOf } from '../../live/live-course.ts';
import { missingLapLines } from './lap-lines.ts';
import { lapsToFollow } from './laps-to-follow.ts';

/** The course the results replay the stored fixes on, and the ids of the lap lines it added. */
export interface ResultsCourse {
  course: LiveCourse;
  lapLines: readonly string[];
}

/**
 * The live feed's course (the same geometry and checkpoints), followed for as many laps as the race
 * may run, with a line at the end of every lap no checkpoint marks: GPS alone then counts each lap,
 * without the organiser placing a checkpoint per lap. The lines exist only here, never as checkpoints.
 */
export function resultsCourseOf(
  context: StageContext & { course: NonNullable<StageContext['course']> },
): ResultsCourse {
  const live = liveCourseOf(context.course, context.checkpoints);
  const laps = lapsToFollow(
    {
      format: context.stage.format,
      targetMinutes: StageScoring.parse(context.stage.scoring ?? {}).targetMinutes,
      lapCount: live.lapCount,
      lapLength: live.lapLength,
      isCircuit: context.course.isCircuit || live.lapCount > 1,
    },
    DEFAULT_LIVE_SETTINGS.maxSpeed,
  );
  const lines = missingLapLines(live.lapLength, laps, context.checkpoints);
  return {
    course: {
      ...live,
      lapCount: laps,
      length: metres(live.lapLength * laps),
      checkpoints: [...live.checkpoints, ...lines],
    },
    lapLines: lines.map((line) => line.id),
  };
}

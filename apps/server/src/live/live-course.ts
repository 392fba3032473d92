import { type LiveCheckpoint, type LiveCourse, metres } from '@echelon/domain';
import type { checkpoints, courses } from '../db/schema.ts';
import { toCoursePoints } from '../modules/courses/courses.service.ts';

/** Riders may switch their trackers on before the gun; fixes from this long before the start count. */
export const PRE_START_MS = 10 * 60_000;

/**
 * A stored course and its checkpoints as the live state needs them. The length is the stored points'
 * own, and no checkpoint lies beyond it, so every line on the course can be crossed.
 */
export function liveCourseOf(
  course: Omit<typeof courses.$inferSelect, 'original'>,
  rows: ReadonlyArray<typeof checkpoints.$inferSelect>,
): LiveCourse {
  const points = toCoursePoints(course.points);
  const lapLength = points.at(-1)!.distance;
  const length = lapLength * course.lapCount;
  return {
    points,
    lapLength: metres(lapLength),
    lapCount: course.lapCount,
    length: metres(length),
    checkpoints: rows.map(
      (c): LiveCheckpoint => ({
        id: c.id,
        kind: c.kind as LiveCheckpoint['kind'],
        name: c.name,
        distance: metres(Math.min(c.distance, length)),
      }),
    ),
  };
}

import { useEffect, useState } from 'react';
import { apiGet } from '../../api/client.ts';
import type { StageListItem } from '../../api/races-types.ts';
import type { CourseView } from '../../api/types.ts';

/**
 * The courses of a race's stages, fetched once each in parallel (the stage list shows every stage's
 * distance and climbing; the selected one is drawn). A stage with no course, or whose course failed to
 * load, has none.
 */
export function useCourses(stages: readonly StageListItem[] | undefined): Map<string, CourseView> {
  const [courses, setCourses] = useState<Map<string, CourseView>>(() => new Map());
  const key = stages
    ?.filter((s) => s.hasCourse)
    .map((s) => s.id)
    .join(',');
  useEffect(() => {
    if (!key) return;
    const controller = new AbortController();
    for (const stageId of key.split(',')) {
      apiGet<CourseView>(`/api/v1/stages/${stageId}/course`, controller.signal)
        .then((course) => setCourses((current) => new Map(current).set(stageId, course)))
        .catch(() => {
          // No course to show for this stage: the list says "–" and the map section says why.
        });
    }
    return () => controller.abort();
  }, [key]);
  return courses;
}

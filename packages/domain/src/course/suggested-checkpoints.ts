// Turn a file's waypoints into checkpoint suggestions placed on the course, for the organiser to confirm.
import { snapToCourse } from './snap.ts';
import type { CheckpointKind, CoursePoint, RawWaypoint, SuggestedCheckpoint } from './types.ts';
import { classifyWaypoint, isNavigationCue } from './waypoint-kind.ts';

const DEFAULT_NAMES: Record<CheckpointKind, string> = {
  start: 'Start',
  finish: 'Finish',
  sprint: 'Sprint',
  climb: 'Climb',
  timing: 'Checkpoint',
  feed_zone: 'Feed zone',
};

/** Checkpoint names are short labels (the API caps them at 120 characters). */
const MAX_NAME_LENGTH = 120;

function usable(w: RawWaypoint): boolean {
  return Number.isFinite(w.lat) && Number.isFinite(w.lon) && Math.abs(w.lat) <= 90 && Math.abs(w.lon) <= 180;
}

/**
 * One suggestion per usable waypoint that is not a navigation cue, snapped onto the course (the position
 * reported is the snapped one: a checkpoint lies on the road), sorted by distance along the course.
 * Waypoints far from the course are kept: `offset` tells the organiser how far off each one was, which is
 * more useful than silently dropping it.
 */
export function suggestCheckpoints(
  points: readonly CoursePoint[],
  waypoints: readonly RawWaypoint[],
): SuggestedCheckpoint[] {
  const suggestions: SuggestedCheckpoint[] = [];
  for (const w of waypoints) {
    if (!usable(w) || isNavigationCue(w)) continue;
    const { kind, climbCategory } = classifyWaypoint(w);
    const snapped = snapToCourse(points, w.lat, w.lon);
    const label = w.name.trim() || w.description?.trim() || DEFAULT_NAMES[kind];
    suggestions.push({
      kind,
      name: label.slice(0, MAX_NAME_LENGTH),
      distance: snapped.distance,
      lat: snapped.lat,
      lon: snapped.lon,
      climbCategory,
      offset: snapped.offset,
    });
  }
  // Ties broken by name so the order never depends on the order of the file.
  return suggestions.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
}

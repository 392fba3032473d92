/**
 * Where each stage of a race stands, for the links a spectator needs: watch it live, replay it, or see
 * that it is still to come. Uses the stage's flagged start and finish when the API gives them; otherwise
 * it follows the race's status and the stages' schedule (the running stage of a live race is the last
 * one scheduled to have started, or the first one when none is scheduled).
 */
import type { RaceStatusValue, StageListItem } from '../../api/races-types.ts';

export type StageStatus = 'upcoming' | 'live' | 'neutralised' | 'finished' | 'cancelled';

const byNumber = (a: StageListItem, b: StageListItem) => a.number - b.number;

function hasTimes(stage: StageListItem): boolean {
  return stage.startedAt !== undefined || stage.finishedAt !== undefined;
}

/** The stage being raced while the race is live or neutralised; null otherwise. */
export function currentStage(
  raceStatus: RaceStatusValue,
  stages: readonly StageListItem[],
  now: number,
): StageListItem | null {
  if (raceStatus !== 'live' && raceStatus !== 'neutralised') return null;
  const ordered = [...stages].sort(byNumber);
  if (ordered.length === 0) return null;
  if (ordered.some(hasTimes)) {
    return ordered.find((s) => s.startedAt != null && s.finishedAt == null) ?? null;
  }
  const started = ordered.filter((s) => s.scheduledStart !== null && Date.parse(s.scheduledStart) <= now);
  return started.at(-1) ?? ordered.find((s) => s.scheduledStart === null) ?? ordered[0]!;
}

/** Every stage's status, by stage id. */
export function stageStatuses(
  raceStatus: RaceStatusValue,
  stages: readonly StageListItem[],
  now: number,
): Map<string, StageStatus> {
  const statuses = new Map<string, StageStatus>();
  const ordered = [...stages].sort(byNumber);
  const running = currentStage(raceStatus, ordered, now);
  const runningStatus: StageStatus = raceStatus === 'neutralised' ? 'neutralised' : 'live';
  for (const stage of ordered) {
    let status: StageStatus;
    if (raceStatus === 'cancelled') status = 'cancelled';
    else if (hasTimes(stage) && stage.finishedAt != null) status = 'finished';
    else if (running?.id === stage.id) status = runningStatus;
    else if (raceStatus === 'finished' || raceStatus === 'official') status = 'finished';
    else if ((raceStatus === 'live' || raceStatus === 'neutralised') && !hasTimes(stage) && running)
      status = stage.number < running.number ? 'finished' : 'upcoming';
    else status = 'upcoming';
    statuses.set(stage.id, status);
  }
  return statuses;
}

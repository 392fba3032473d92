/**
 * Where each stage of a race stands, for the links a spectator needs: watch it live, replay it, or see
 * that it is still to come. Follows the moments race control flagged each stage's start and finish
 * (`startedAt`, `finishedAt`), with the race's status saying whether a started stage is live or
 * neutralised, and whether the race was cancelled.
 */
import type { RaceStatusValue, StageListItem } from '../../api/races-types.ts';

export type StageStatus = 'upcoming' | 'live' | 'neutralised' | 'finished' | 'cancelled';

type Flagged = Pick<StageListItem, 'id' | 'number' | 'startedAt' | 'finishedAt'>;

const byNumber = (a: Flagged, b: Flagged) => a.number - b.number;

/** The stage on the road while the race is live or neutralised: started and not finished; null otherwise. */
export function currentStage<S extends Flagged>(raceStatus: RaceStatusValue, stages: readonly S[]): S | null {
  if (raceStatus !== 'live' && raceStatus !== 'neutralised') return null;
  return [...stages].sort(byNumber).find((s) => s.startedAt != null && s.finishedAt == null) ?? null;
}

/** One stage's status from its flagged times and the race's status. */
export function stageStatus(raceStatus: RaceStatusValue, stage: Flagged): StageStatus {
  if (stage.finishedAt != null) return 'finished';
  if (raceStatus === 'cancelled') return 'cancelled';
  // The race is over: a stage it never flagged finished is done with all the same (results may be imported).
  if (raceStatus === 'finished' || raceStatus === 'official') return 'finished';
  if (stage.startedAt == null) return 'upcoming';
  if (raceStatus === 'neutralised') return 'neutralised';
  return raceStatus === 'live' ? 'live' : 'upcoming';
}

/** Every stage's status, by stage id. */
export function stageStatuses(
  raceStatus: RaceStatusValue,
  stages: readonly Flagged[],
): Map<string, StageStatus> {
  return new Map([...stages].sort(byNumber).map((s) => [s.id, stageStatus(raceStatus, s)]));
}

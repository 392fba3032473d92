/**
 * Where each stage of a race stands, for the links a spectator needs: watch it live, replay it, see its
 * results, or see that it is still to come. Each stage carries its own status from race control
 * (scheduled → live ⇄ neutralised → finished → official, cancelled or annulled); a stage race between
 * two stages is live with no stage running, so the race's status alone never says which stage ran.
 */
import type { RaceStatusValue, StageListItem } from '../../api/races-types.ts';

export type StageStatus = StageListItem['status'];

type WithStatus = Pick<StageListItem, 'id' | 'number' | 'status'>;

const byNumber = (a: WithStatus, b: WithStatus) => a.number - b.number;

/** Live or neutralised: the stage is on the road. */
export const isRunning = (status: StageStatus | undefined): boolean =>
  status === 'live' || status === 'neutralised';

/** Finished or official: the stage has been ridden to the end and has results. */
export const isRidden = (status: StageStatus | undefined): boolean =>
  status === 'finished' || status === 'official';

/** The stage on the road (live or neutralised), or null when none is. */
export function currentStage<S extends WithStatus>(stages: readonly S[]): S | null {
  return [...stages].sort(byNumber).find((s) => isRunning(s.status)) ?? null;
}

/** The stage race control runs today: the one on the road, else the next scheduled, else none. */
export function stageOfTheDay<S extends WithStatus>(stages: readonly S[]): S | null {
  const ordered = [...stages].sort(byNumber);
  return ordered.find((s) => isRunning(s.status)) ?? ordered.find((s) => s.status === 'scheduled') ?? null;
}

/**
 * The stage the results desk opens on: the latest finished stage awaiting approval, else the one on
 * the road, else none (the first is shown).
 */
export function stageToSettle<S extends WithStatus>(stages: readonly S[]): S | null {
  const ordered = [...stages].sort(byNumber);
  return ordered.findLast((s) => s.status === 'finished') ?? currentStage(ordered);
}

/**
 * One stage's status as shown. A stage never run here in a race that is over was timed elsewhere (its
 * results imported): it shows as finished, not as still to come.
 */
export function stageStatus(raceStatus: RaceStatusValue, stage: WithStatus): StageStatus {
  if (stage.status === 'scheduled' && (raceStatus === 'finished' || raceStatus === 'official'))
    return 'finished';
  if (stage.status === 'scheduled' && raceStatus === 'cancelled') return 'cancelled';
  return stage.status;
}

/** Every stage's status as shown, by stage id. */
export function stageStatuses(
  raceStatus: RaceStatusValue,
  stages: readonly WithStatus[],
): Map<string, StageStatus> {
  return new Map([...stages].sort(byNumber).map((s) => [s.id, stageStatus(raceStatus, s)]));
}

import type { RaceStatus } from './status.ts';

/**
 * The stage status state machine. Each stage of a race has its own lifecycle: scheduled until race
 * control drops the flag, live (neutralised and resumed as often as the commissaires need), finished
 * when race control closes it, official once its results are approved. A stage may be cancelled before
 * or while it runs (not ridden, or stopped: nothing counts), or annulled — neutralised as a whole, the
 * way commissaires void a stage ridden in conditions that make its times meaningless: it was ridden,
 * but nothing it produced counts.
 */
export const STAGE_STATUSES = [
  'scheduled',
  'live',
  'neutralised',
  'finished',
  'official',
  'cancelled',
  'annulled',
] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

const STAGE_TRANSITIONS: Record<StageStatus, readonly StageStatus[]> = {
  // A stage timed elsewhere (results imported) becomes official by approval without running here.
  scheduled: ['live', 'official', 'cancelled'],
  live: ['neutralised', 'finished', 'cancelled', 'annulled'],
  neutralised: ['live', 'finished', 'cancelled', 'annulled'],
  // Commissaires may still void a stage after the line, before its results are approved.
  finished: ['official', 'annulled'],
  // Official results are reopened only by an explicit, audited act of the results desk.
  official: ['finished'],
  cancelled: [],
  annulled: [],
};

/** The statuses of a stage whose clock runs: it takes fixes and is shown live. */
export const RUNNING_STAGE_STATUSES: readonly StageStatus[] = ['live', 'neutralised'];

/** Stages that count for nothing: not ridden, stopped, or voided as a whole. */
export function isVoidStage(status: StageStatus): boolean {
  return status === 'cancelled' || status === 'annulled';
}

export function isRunningStage(status: StageStatus): boolean {
  return status === 'live' || status === 'neutralised';
}

export function allowedStageTransitions(from: StageStatus): readonly StageStatus[] {
  return STAGE_TRANSITIONS[from];
}

export type StageTransitionCheck = { ok: true } | { ok: false; reason: string };

export function checkStageTransition(
  from: StageStatus,
  to: StageStatus,
  stageLabel = 'The stage',
): StageTransitionCheck {
  if (from === to) return { ok: false, reason: `${stageLabel} is already ${from}` };
  if (STAGE_TRANSITIONS[from].includes(to)) return { ok: true };
  const allowed = STAGE_TRANSITIONS[from];
  const next = allowed.length > 0 ? `from ${from} it can go to: ${allowed.join(', ')}` : `${from} is final`;
  return { ok: false, reason: `${stageLabel} cannot go from ${from} to ${to}; ${next}` };
}

/**
 * The race's status as its stages make it, once race control has run any of them. The rule:
 * - a draft or cancelled race stays so (publishing and cancelling are the race's own acts);
 * - a stage running makes the race live, or neutralised while that stage is neutralised;
 * - before any stage has run the race stays published;
 * - between the stages of a stage race it stays `live` with no stage running: the race is under way
 *   and the next scheduled stage can start — what a stage race's page shows during its rest days;
 * - once every stage that counts (not cancelled, not annulled) is finished the race is `finished`, and
 *   `official` when every one of them is official;
 * - a race whose every stage was cancelled or annulled keeps its status: the organiser cancels it.
 */
export function raceStatusFromStages(current: RaceStatus, stages: readonly StageStatus[]): RaceStatus {
  if (current === 'draft' || current === 'cancelled') return current;
  if (stages.some((s) => s === 'live')) return 'live';
  if (stages.some((s) => s === 'neutralised')) return 'neutralised';
  const counted = stages.filter((s) => !isVoidStage(s));
  if (counted.length === 0) return current;
  const run = counted.filter((s) => s !== 'scheduled');
  if (run.length === 0) return current;
  if (run.length < counted.length) return 'live';
  return counted.every((s) => s === 'official') ? 'official' : 'finished';
}

/**
 * The stage race control runs today: the one running, else the next scheduled one (by number), else
 * none. `stages` in race order.
 */
export function stageOfTheDay<S extends { status: StageStatus }>(stages: readonly S[]): S | undefined {
  return stages.find((s) => isRunningStage(s.status)) ?? stages.find((s) => s.status === 'scheduled');
}

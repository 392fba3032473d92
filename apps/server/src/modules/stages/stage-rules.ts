import type { ProblemItem } from '../../http/problem.ts';

/** The parts of a stage the rules below look at. */
interface StageFacts {
  number: number;
  format: string;
  lapCount: number;
  startedAt: number | null;
}

/** A change to a stage, as the PATCH body has it (absent = unchanged). */
interface StageChange {
  number?: number | undefined;
  format?: string | undefined;
  lapCount?: number | undefined;
}

/**
 * Once the flag has dropped, what the riders are racing is fixed: the format decides how the stage is
 * scored, the laps where its finish is, and the number where it stands in the classifications (they are
 * taken "after stage N"). Its name, scheduled start, waves and scoring stay open to correction.
 * Answers one problem per field that would change; repeating the current value is no change.
 */
export function changesRefusedAfterStart(stage: StageFacts, change: StageChange): ProblemItem[] {
  if (stage.startedAt === null) return [];
  const refused: ProblemItem[] = [];
  if (change.format !== undefined && change.format !== stage.format)
    refused.push({ pointer: '/format', detail: 'The stage has started; its format can no longer change' });
  if (change.lapCount !== undefined && change.lapCount !== stage.lapCount)
    refused.push({ pointer: '/lapCount', detail: 'The stage has started; its laps can no longer change' });
  if (change.number !== undefined && change.number !== stage.number)
    refused.push({ pointer: '/number', detail: 'The stage has started; its number can no longer change' });
  return refused;
}

/** What a stage already holds that deleting it would throw away (the results desk's work). */
export interface StageRecords {
  results: boolean;
  passings: boolean;
  decisions: boolean;
}

/**
 * Why a stage cannot be deleted, or null when it can: only a stage that never started and holds no
 * results, timing passings or decisions. A stage's fixes are the riders' fixes between its start and
 * finish, so a stage that never started has none; what it does own (course, checkpoints, start times)
 * is setup, and goes with it.
 */
export function whyNotDeletable(stage: StageFacts, records: StageRecords): string | null {
  if (stage.startedAt !== null)
    return `Stage ${stage.number} has started (${new Date(stage.startedAt).toISOString()}); a stage that has been ridden cannot be deleted`;
  const held = [
    records.results && 'results',
    records.passings && 'timing passings',
    records.decisions && 'commissaires’ decisions',
  ].filter((what): what is string => typeof what === 'string');
  if (held.length > 0)
    return `Stage ${stage.number} has stored ${held.join(', ')}; a stage with results cannot be deleted`;
  return null;
}

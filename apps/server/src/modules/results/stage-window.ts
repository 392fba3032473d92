import { StageScoring } from '@echelon/contracts';
import { PRE_START_MS } from '../../live/live-course.ts';
import type { StageRow } from './results.repository.ts';

/**
 * After race control's finish, fixes still count for this long at least: the last riders' trackers
 * upload the final minutes of their ride after the line (queued offline, retried).
 */
export const FINISH_GRACE_MS = 30 * 60_000;

/** Epoch ms: fixes timed in [from, to] are a stage's evidence; `to` is null while the stage runs. */
export interface EvidenceWindow {
  from: number;
  to: number | null;
}

/**
 * The fix times that count for a stage: from its start less the pre-start margin (riders roll to the
 * line) to its finish plus the time limit (the stage's limit as a share of its duration, at least the
 * grace above). A later stage's fixes never count: the window ends where the next stage's begins.
 * Null for a stage that has not started.
 */
export function evidenceWindow(stage: StageRow, stagesOfRace: readonly StageRow[]): EvidenceWindow | null {
  if (stage.startedAt === null) return null;
  const from = stage.startedAt - PRE_START_MS;
  let to: number | null = null;
  if (stage.finishedAt !== null) {
    const percent = StageScoring.parse(stage.scoring ?? {}).timeLimitPercent;
    const limit = percent === null ? 0 : ((stage.finishedAt - stage.startedAt) * percent) / 100;
    to = stage.finishedAt + Math.max(FINISH_GRACE_MS, limit);
  }
  const nextStart = Math.min(
    ...stagesOfRace
      .filter((s) => s.id !== stage.id && s.startedAt !== null && s.startedAt > stage.startedAt!)
      .map((s) => s.startedAt! - PRE_START_MS),
  );
  if (Number.isFinite(nextStart)) to = Math.max(from, Math.min(to ?? nextStart - 1, nextStart - 1));
  return { from, to };
}

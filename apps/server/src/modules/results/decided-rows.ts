import { StageScoring } from '@echelon/contracts';
import { applyDecisions } from './apply-decisions.ts';
import type { DecisionRow } from './decisions.repository.ts';
import type { StageRow } from './results.repository.ts';
import { applyFinalKm, type Joined } from './stage-rows.ts';
import type { Stored } from './stage-sources.ts';

/**
 * A stage's results from their source with every decision on them applied, in the order they were
 * taken, then the final-kilometres rule on the incidents the commissaires noted.
 */
export function decidedRows(
  stage: StageRow,
  rows: readonly Stored[],
  decisions: readonly DecisionRow[],
): Joined[] {
  if (rows.length === 0) return [];
  const effective = new Map(
    applyDecisions(
      rows.map((j) => j.result),
      decisions,
    ).map((e) => [e.registrationId, e]),
  );
  const joined = rows.map((j): Joined => {
    const e = effective.get(j.rider.id)!;
    return {
      ...j,
      result: { ...j.result, time: e.time, penalty: e.penalty, status: e.status },
      relegatedTo: e.relegatedTo,
      gcTime: e.gcTime,
      awards: e.awards,
      incident: e.incident,
      forfeitsPoints: e.forfeitsPoints,
    };
  });
  return applyFinalKm(joined, stage, StageScoring.parse(stage.scoring ?? {}));
}

/**
 * A line as stored (JSON) back as the engine's input: the dates JSON turned into strings become dates
 * again, so stored and freshly computed lines are the same values.
 */
export function revive(engine: Record<string, unknown>): Joined {
  const j = engine as unknown as Joined;
  return {
    ...j,
    rider: { ...j.rider, createdAt: new Date(j.rider.createdAt) },
    result: { ...j.result, importedAt: new Date(j.result.importedAt) },
  };
}

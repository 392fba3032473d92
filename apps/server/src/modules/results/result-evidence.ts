import type { EvidenceCrossing, EvidenceDecision } from '@echelon/contracts';
import type { StageContext } from '../../live/live.repository.ts';
import type { DecisionRow } from './decisions.repository.ts';
import type { StageTiming } from './stage-timing.ts';

/** What a rider's stored result was computed from, before the decisions are named. */
export interface RecordedEvidence {
  source: 'import' | 'timing' | 'gps';
  fixesInWindow: number;
  crossings: EvidenceCrossing[];
}

interface PassingRead {
  registrationId: string;
  checkpointId: string;
  lap: number;
  time: number;
  importedAt: Date;
}

/** The stored fixes' times, rider by rider, in order: enough to name the fixes a crossing came from. */
export function fixTimesByRider(fixes: ReadonlyArray<{ registrationId: string; time: number }>) {
  const out = new Map<string, number[]>();
  for (const f of fixes) {
    const times = out.get(f.registrationId) ?? [];
    times.push(f.time);
    out.set(f.registrationId, times);
  }
  for (const times of out.values()) times.sort((a, b) => a - b);
  return out;
}

/** The fixes either side of an instant (the one at it, when a fix fell exactly on the line). */
function bracketing(times: readonly number[], at: number): number[] {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  if (times[lo] === at) return [at];
  return [times[lo - 1], times[lo]].filter((t): t is number => t !== undefined);
}

/**
 * Each timing point's crossings a rider's result used: a timing system's read where it timed the
 * rider there, else the GPS crossing and the fixes it was interpolated between.
 */
export function recordedEvidence(
  context: StageContext,
  timing: StageTiming,
  riderId: string,
  fixTimes: readonly number[],
  passings: readonly PassingRead[],
  finishTimed: boolean,
): RecordedEvidence {
  const crossings: EvidenceCrossing[] = [];
  // GPS-only lap races count laps on lines of the results' own at every lap's end: evidence too.
  const lines = [
    ...context.checkpoints,
    ...timing.lapLines.map((id) => ({ id, name: `End of lap ${id.split(':')[1]}`, kind: 'lap' })),
  ];
  for (const checkpoint of lines) {
    const times = timing.crossings.get(riderId)?.get(checkpoint.id) ?? [];
    const timed = timing.timed.get(riderId)?.has(checkpoint.id) ?? false;
    times.forEach((at, k) => {
      const read = timed
        ? passings.find(
            (p) => p.registrationId === riderId && p.checkpointId === checkpoint.id && p.time === at,
          )
        : undefined;
      crossings.push({
        checkpointId: checkpoint.id,
        checkpoint: checkpoint.name,
        kind: checkpoint.kind,
        pass: k + 1,
        at,
        source: read ? 'timing' : 'gps',
        passing: read ? { lap: read.lap, at: read.time, importedAt: read.importedAt.toISOString() } : null,
        fixes: read ? [] : bracketing(fixTimes, at),
      });
    });
  }
  crossings.sort((a, b) => a.at - b.at);
  return { source: finishTimed ? 'timing' : 'gps', fixesInWindow: fixTimes.length, crossings };
}

/** The decisions that stood on a rider's result: their own and the stage-wide ones. */
export function decisionsEvidence(decisions: readonly DecisionRow[], riderId: string): EvidenceDecision[] {
  return decisions
    .filter((d) => d.revokedAt === null && (d.registrationId === riderId || d.registrationId === null))
    .map((d) => ({
      id: d.id,
      kind: d.kind,
      reason: d.reason,
      at: d.at.toISOString(),
      stageWide: d.registrationId === null,
    }));
}

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

/**
 * Each timing point's crossings a rider's result used: a timing system's read where it timed the
 * rider there, else the GPS crossing and the fixes it was interpolated between.
 */
export function recordedEvidence(
  context: StageContext,
  timing: StageTiming,
  riderId: string,
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
        fixes: read ? [] : timing.gps.fixesAround(riderId, at),
      });
    });
  }
  crossings.sort((a, b) => a.at - b.at);
  return { source: finishTimed ? 'timing' : 'gps', fixesInWindow: timing.gps.fixCount(riderId), crossings };
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

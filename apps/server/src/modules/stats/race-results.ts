import type { Actor } from '../auth/actor.ts';
import type { ResultsService } from '../results/results.service.ts';

/** One rider's line of a stage's results, as the results service scored it. */
export interface ResultLine {
  registrationId: string;
  bib: number;
  name: string;
  team: string | null;
  /** null unless a classified finisher */
  rank: number | null;
  /** official stage time (same-time groups applied), s */
  time: number | null;
  /** the rider's own elapsed time, s: what speeds are computed from */
  actualTime: number | null;
  /** null for a finisher, else DNF, DNS, DSQ, OTL … */
  status: string | null;
}

export type Standings = Awaited<ReturnType<ResultsService['standings']>>;
export type ScoredStage = Standings['scored'][number]['stage'];

export interface StageLines {
  stage: ScoredStage;
  lines: ResultLine[];
}

/**
 * A race's stage results as the results service scores them (imported, or from the recording, with the
 * commissaires' decisions applied), reduced to what riders' pages and statistics read. Scoring is never
 * repeated here: this only renames. Also answers the registrations in the final general classification.
 */
export async function raceResults(
  results: ResultsService,
  actor: Actor | null,
  raceId: string,
): Promise<{ stages: StageLines[]; classified: Set<string> }> {
  const { scored, gc } = await results.standings(actor, raceId);
  const stages = scored.map(({ stage, joined, rows }) => {
    const riders = new Map(joined.map((j) => [j.rider.id, j.rider]));
    return {
      stage,
      lines: rows.map((row): ResultLine => {
        const rider = riders.get(row.riderId)!;
        const finisher = row.status === 'finisher';
        return {
          registrationId: row.riderId,
          bib: row.bib,
          name: `${rider.firstName} ${rider.lastName}`,
          team: rider.team,
          rank: finisher ? row.rank : null,
          time: row.time,
          actualTime: row.actualTime,
          status: finisher ? null : row.status,
        };
      }),
    };
  });
  const byBib = new Map(stages.flatMap((s) => s.lines.map((l) => [l.bib, l.registrationId] as const)));
  const classified = new Set(gc.map((row) => byBib.get(row.bib)).filter((id) => id !== undefined));
  return { stages, classified };
}

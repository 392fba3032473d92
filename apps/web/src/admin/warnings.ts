/**
 * Warnings for the results desk, computed from what the desk already loaded: riders the trackers never
 * saw, finishers missing checkpoint crossings, and average speeds no bicycle race reaches.
 */
export interface WarningInput {
  results: ReadonlyArray<{
    bib: number | null;
    rider: string | null;
    time: number | null;
    status: string | null;
  }>;
  /** Live riders by bib: whether they had a fix, and how many checkpoints they crossed. */
  seen: ReadonlyMap<number, { fixes: boolean; crossings: number }>;
  /** Checkpoints between start and finish a finisher should have crossed (excluding the start). */
  expectedCrossings: number;
  /** Stage length, metres. */
  length: number;
}

export type ResultWarning =
  | { kind: 'neverSeen'; bib: number; rider: string }
  | { kind: 'missingCrossings'; bib: number; rider: string; count: number }
  | { kind: 'impossibleSpeed'; bib: number; rider: string; speed: number };

/** Faster than this on average over a stage is a timing mistake, not a performance. */
export const MAX_AVERAGE_KMH = 80;

export function resultWarnings(input: WarningInput): ResultWarning[] {
  const warnings: ResultWarning[] = [];
  for (const row of input.results) {
    if (row.bib === null) continue;
    const rider = row.rider ?? '';
    const live = input.seen.get(row.bib);
    if (input.seen.size > 0 && !live?.fixes) warnings.push({ kind: 'neverSeen', bib: row.bib, rider });
    if (row.time !== null && row.status === null) {
      if (live?.fixes && live.crossings < input.expectedCrossings)
        warnings.push({
          kind: 'missingCrossings',
          bib: row.bib,
          rider,
          count: input.expectedCrossings - live.crossings,
        });
      const speed = row.time > 0 ? input.length / 1000 / (row.time / 3600) : Number.POSITIVE_INFINITY;
      if (input.length > 0 && speed > MAX_AVERAGE_KMH)
        warnings.push({ kind: 'impossibleSpeed', bib: row.bib, rider, speed: Math.round(speed) });
    }
  }
  return warnings;
}

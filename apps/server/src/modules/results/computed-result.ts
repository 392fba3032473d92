import { type ClimbCategory, scoring } from '@echelon/domain';
import type { RawResult } from './apply-decisions.ts';

/** What a format adds to a rider's line: splits, laps, gun and chip times, wave. */
export interface RowExtra {
  splits?: Array<{ checkpointId: string; name: string; time: number; rank: number; gap: number }>;
  laps?: number;
  lapsDown?: number;
  gunTime?: number | null;
  chipTime?: number | null;
  wave?: string | null;
}

/**
 * A rider's place at an intermediate sprint or a categorised climb, as the line judged it: kept with the
 * result so that the awards can be given again after the commissaires' decisions (a disqualified rider's
 * sprint points go to the riders behind).
 */
export interface Mark {
  pointId: string;
  kind: 'sprint' | 'climb';
  /** The climb's category; null at a sprint. */
  category: ClimbCategory | null;
  rank: number;
}

/** A rider's stage result scored from the recording, before any decision. */
export interface ComputedResult extends RawResult {
  points: number;
  mountains: number;
  extra?: RowExtra;
  /** Where the rider placed at the stage's sprints and climbs (road stages). */
  marks?: Mark[];
}

/** Riders in the order they crossed a line; equal times share a rank. */
export function crossingOrder(crossings: ReadonlyArray<{ bib: number; time: number }>): scoring.RankedBib[] {
  const sorted = [...crossings].sort((a, b) => a.time - b.time || a.bib - b.bib);
  const ranks = scoring.competitionRanks(sorted, (a, b) => a.time === b.time);
  return sorted.map((c, k) => ({ bib: c.bib, rank: ranks[k]! }));
}

/**
 * Scored rows as stored results: the scoring engine's place is the position (unplaced riders after
 * every placed one, in the engine's order), `toExtra` adds what the format shows.
 */
export function fromStageRows(
  rows: readonly scoring.StageRow[],
  awards: { bonuses?: ReadonlyMap<number, number>; points?: ReadonlyMap<number, number> } = {},
  toExtra: (row: scoring.StageRow) => RowExtra | undefined = () => undefined,
): ComputedResult[] {
  return rows.map((row, k) => {
    const extra = toExtra(row);
    return {
      registrationId: row.riderId,
      time: row.time,
      bonus: awards.bonuses?.get(row.bib) ?? 0,
      penalty: 0,
      status: row.status === 'finisher' ? null : row.status,
      position: row.place ?? 100_000 + k,
      points: awards.points?.get(row.bib) ?? 0,
      mountains: 0,
      ...(extra && { extra }),
    };
  });
}

import type { Seconds } from '../units.ts';

/**
 * Result statuses, in the order they are listed below the finishers (reference §0). The order is part
 * of the rule, not presentation: a pulled rider is listed ahead of one who abandoned, and so on.
 */
export const RESULT_STATUSES = ['finisher', 'PUL', 'DNF', 'DSQ', 'DNS', 'OTL', 'NP'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** Position of a status in the listing order; lower is listed first. */
export function statusOrder(status: ResultStatus): number {
  return RESULT_STATUSES.indexOf(status);
}

/** The kind of a stage decides which rules apply (bonuses, final-kilometres rule, hundredths, placings sum). */
export type StageKind = 'road' | 'itt' | 'ttt';

/** Who a row is about. `bib` is the stable tie-break of last resort everywhere, so output never depends on input order. */
export interface RiderRef {
  readonly bib: number;
  readonly riderId: string;
  readonly team: string;
}

/**
 * One rider's line in a stage result. Placing and time are separate fields on purpose: the same-time
 * and final-kilometres rules give a rider the group's time while the rider keeps their own place.
 * - `place`: distinct crossing order among classified finishers (1, 2, 3, …), null when not classified.
 * - `rank`: competition ranking of `place` with dead heats shared (1, 2, 2, 4); this is what scales use.
 * - `time`: the classified time (whole seconds on road stages; in time trials the exact time to the
 *   millisecond, which ranks, shown as hundredths).
 * - `actualTime`: the rider's own crossing time, kept for audit and for the time-limit check.
 */
export interface StageRow extends RiderRef {
  readonly place: number | null;
  readonly rank: number | null;
  readonly time: Seconds | null;
  readonly actualTime: Seconds | null;
  readonly status: ResultStatus;
}

/** A rider's rank in a sprint, climb or finish (dead heats share a rank). */
export interface RankedBib {
  readonly bib: number;
  readonly rank: number;
}

/** Orders by bib; the documented tie-break of last resort that keeps every sort deterministic. */
export function byBib(a: { bib: number }, b: { bib: number }): number {
  return a.bib - b.bib;
}

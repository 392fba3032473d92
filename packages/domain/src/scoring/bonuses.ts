import type { Seconds } from '../units.ts';
import { seconds } from '../units.ts';
import { scaleValue } from './ranking.ts';
import type { RankedBib, StageKind } from './types.ts';

/** Typical finish-line time bonuses, 1st–3rd (reference §2). Configuration: pass the race's own scale. */
export const FINISH_BONUS: readonly number[] = [10, 6, 4];
/** Typical intermediate-sprint bonuses. */
export const SPRINT_BONUS: readonly number[] = [3, 2, 1];
/** Example summit ("bonus point") bonuses used by some races. */
export const SUMMIT_BONUS: readonly number[] = [8, 5, 2];

/** A place on the course that awards time bonuses, with its judged ranking. */
export interface BonusPoint {
  readonly ranking: readonly RankedBib[];
  readonly scale: readonly number[];
}

/**
 * Total bonus seconds per bib for one stage. Ranks are shared on a dead heat, so tied riders each get the
 * higher place's bonus and the next bonus is skipped (scenario 10). Time trials award none.
 */
export function stageBonuses(kind: StageKind, points: readonly BonusPoint[]): Map<number, Seconds> {
  const out = new Map<number, Seconds>();
  if (kind !== 'road') return out;
  for (const point of points) {
    for (const { bib, rank } of point.ranking) {
      const value = scaleValue(point.scale, rank);
      if (value > 0) out.set(bib, seconds((out.get(bib) ?? 0) + value));
    }
  }
  return out;
}

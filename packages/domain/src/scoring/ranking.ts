import type { RankedBib } from './types.ts';

/**
 * Competition ranking (1, 2, 2, 4) over an already-sorted list: equal neighbours share the rank of the
 * first of them and the following rank is skipped (reference §0).
 */
export function competitionRanks<T>(sorted: readonly T[], same: (a: T, b: T) => boolean): number[] {
  const ranks: number[] = [];
  sorted.forEach((item, i) => {
    const prev = sorted[i - 1];
    ranks.push(i > 0 && prev !== undefined && same(prev, item) ? ranks[i - 1]! : i + 1);
  });
  return ranks;
}

/**
 * Turns a judged order into ranks. An inner array is a dead heat: `[7, [3, 9], 4]` → 7 first, 3 and 9
 * both second, 4 fourth. This is how sprint, climb and finish judges' sheets are entered.
 */
export function rankFromOrder(order: ReadonlyArray<number | readonly number[]>): RankedBib[] {
  const out: RankedBib[] = [];
  let position = 1;
  for (const entry of order) {
    const bibs = typeof entry === 'number' ? [entry] : [...entry].sort((a, b) => a - b);
    for (const bib of bibs) out.push({ bib, rank: position });
    position += bibs.length;
  }
  return out;
}

/**
 * The value a scale gives to a rank, 0 beyond its end. Because tied riders share the higher rank, every
 * tied rider gets the higher place's value and the next value is skipped (reference §0, scenario 10).
 */
export function scaleValue(scale: readonly number[], rank: number): number {
  return scale[rank - 1] ?? 0;
}

/**
 * A judged ranking without some riders (disqualified from the stage): everyone behind them moves up,
 * and dead heats stay shared — `[A 1, B 2, C 2, D 4]` without A is `[B 1, C 1, D 3]` (reference §0).
 */
export function rankingWithout(ranking: readonly RankedBib[], out: ReadonlySet<number>): RankedBib[] {
  const kept = ranking.filter((r) => !out.has(r.bib)).sort((a, b) => a.rank - b.rank);
  const ranks = competitionRanks(kept, (a, b) => a.rank === b.rank);
  return kept.map((r, i) => ({ bib: r.bib, rank: ranks[i]! }));
}

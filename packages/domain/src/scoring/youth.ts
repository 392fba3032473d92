import { competitionRanks } from './ranking.ts';

/** Young riders are those born in or after race year − 25 (reference §2); the age is configuration. */
export const DEFAULT_YOUTH_MAX_AGE = 25;

export function isYoungRider(birthYear: number, raceYear: number, maxAge = DEFAULT_YOUTH_MAX_AGE): boolean {
  return birthYear >= raceYear - maxAge;
}

/**
 * The young-rider classification: the GC filtered to eligible riders and re-ranked, keeping GC order
 * (scenario 17). Riders with no known birth year are left out rather than guessed.
 */
export function youthClassification<T extends { readonly bib: number; readonly rank: number }>(
  gc: readonly T[],
  birthYears: ReadonlyMap<number, number>,
  raceYear: number,
  maxAge = DEFAULT_YOUTH_MAX_AGE,
): Array<T & { readonly youthRank: number }> {
  const eligible = gc.filter((r) => {
    const born = birthYears.get(r.bib);
    return born !== undefined && isYoungRider(born, raceYear, maxAge);
  });
  const ranks = competitionRanks(eligible, (a, b) => a.rank === b.rank);
  return eligible.map((r, i) => ({ ...r, youthRank: ranks[i]! }));
}

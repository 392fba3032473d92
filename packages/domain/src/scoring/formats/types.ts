// Types shared by the non-road formats (time trials, lap races, mass participation, GPS timing). The result
// statuses and their listing order are the road scoring's own (rules §0): one vocabulary for every format, so
// a stage's rows can be listed, decided on and classified the same way whatever its format.
export type { ResultStatus } from '../types.ts';

/** One rider's line in a ranked list. `place` is null for riders who are listed but not placed. */
export interface Placed<T> {
  place: number | null;
  entry: T;
}

/**
 * Competition ranking (rules §0: 1, 2, 2, 4) over entries already sorted best first: an entry that compares
 * equal (`same`) to the one before it shares its place; the next distinct entry takes its index + 1.
 */
export function competitionRanking<T>(sorted: readonly T[], same: (a: T, b: T) => boolean): Placed<T>[] {
  const out: Placed<T>[] = [];
  sorted.forEach((entry, index) => {
    const previous = out[index - 1];
    const place = previous && same(previous.entry, entry) ? previous.place : index + 1;
    out.push({ place, entry });
  });
  return out;
}

/** Hundredths of a second, rounded: time-trial and chip times keep them (rules §0), floats must not add noise. */
export function toHundredths(secondsValue: number): number {
  return Math.round(secondsValue * 100) / 100;
}

/** Code-unit order for ids and keys: the same on every machine, unlike localeCompare's locale default. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

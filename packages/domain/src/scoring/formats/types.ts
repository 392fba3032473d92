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

/** Hundredths of a second, rounded: for values that are hundredths already, so floats add no noise. */
export function toHundredths(secondsValue: number): number {
  return Math.round(secondsValue * 100) / 100;
}

/**
 * Seconds to the millisecond, rounded away from float noise. Timing systems read to the millisecond and
 * results rank on the exact time; hundredths (time trials) or whole seconds (road) are how it is shown.
 */
export function toMilliseconds(secondsValue: number): number {
  return Math.round(secondsValue * 1000) / 1000;
}

/** Code-unit order for ids and keys: the same on every machine, unlike localeCompare's locale default. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

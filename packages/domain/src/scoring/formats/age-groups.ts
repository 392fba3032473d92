// Age groups for mass-participation results (rules §5): 19-34, 35-39, … 60-64, 65+, with age = race year −
// birth year (the rule is marked unconfirmed, so the bands are configuration).

export interface AgeBand {
  label: string;
  /** Inclusive lower bound. */
  min: number;
  /** Inclusive upper bound; null for open-ended. */
  max: number | null;
}

/**
 * Default bands. Riders under 19 fall in "U19" (the reference names no band for them; an assumption to be
 * confirmed).
 */
export const DEFAULT_AGE_BANDS: readonly AgeBand[] = Object.freeze([
  { label: 'U19', min: 0, max: 18 },
  { label: '19-34', min: 19, max: 34 },
  { label: '35-39', min: 35, max: 39 },
  { label: '40-44', min: 40, max: 44 },
  { label: '45-49', min: 45, max: 49 },
  { label: '50-54', min: 50, max: 54 },
  { label: '55-59', min: 55, max: 59 },
  { label: '60-64', min: 60, max: 64 },
  { label: '65+', min: 65, max: null },
]);

/** Age used for the groups: race year − birth year (a whole-year age, whatever the birthday). */
export function raceAge(raceYear: number, birthYear: number): number {
  return raceYear - birthYear;
}

/** The band an age falls in; null when no band covers it. */
export function ageGroup(age: number, bands: readonly AgeBand[] = DEFAULT_AGE_BANDS): string | null {
  const band = bands.find((b) => age >= b.min && (b.max === null || age <= b.max));
  return band?.label ?? null;
}

/**
 * Age groups as the server ranks them in a race that defines no age category of its own (race year −
 * birth year, in the bands of the domain's DEFAULT_AGE_BANDS), so a band picked here means the same rows
 * as `?ageGroup=`; a race's own age categories are offered by their codes instead.
 */
export const AGE_BANDS: ReadonlyArray<{ label: string; min: number; max: number | null }> = [
  { label: 'U19', min: 0, max: 18 },
  { label: '19-34', min: 19, max: 34 },
  { label: '35-39', min: 35, max: 39 },
  { label: '40-44', min: 40, max: 44 },
  { label: '45-49', min: 45, max: 49 },
  { label: '50-54', min: 50, max: 54 },
  { label: '55-59', min: 55, max: 59 },
  { label: '60-64', min: 60, max: 64 },
  { label: '65+', min: 65, max: null },
];

export function ageBand(raceYear: number, birthYear: number | null | undefined): string | null {
  if (birthYear === null || birthYear === undefined) return null;
  const age = raceYear - birthYear;
  return AGE_BANDS.find((b) => age >= b.min && (b.max === null || age <= b.max))?.label ?? null;
}

/** The year ages count from: the race's start date, or this year for a race without one. */
export function raceYearOf(startDate: string | null, now = new Date()): number {
  return startDate ? Number(startDate.slice(0, 4)) : now.getUTCFullYear();
}

/** The band of a gran fondo row's age group ("F 35-39" → "35-39"). */
export function bandOfLabel(label: string | null | undefined): string | null {
  if (!label) return null;
  const band = label.trim().split(/\s+/).at(-1) ?? '';
  return AGE_BANDS.some((b) => b.label === band) ? band : null;
}

/** Bands in their natural order (youngest first). */
export function sortBands(bands: Iterable<string>): string[] {
  const order = (band: string) => AGE_BANDS.findIndex((b) => b.label === band);
  return [...new Set(bands)].sort((a, b) => order(a) - order(b));
}

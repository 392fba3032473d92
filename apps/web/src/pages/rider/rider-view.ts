/** The rider page's view model: age group, nationality, the race in focus and its splits. */
import type { CheckpointSplitView, RiderProfileView, RiderRaceView } from '../../api/rider-types.ts';

/** The age bands of mass-participation results (same as the scoring rules): age = race year − birth year. */
const AGE_BANDS: ReadonlyArray<{ label: string; min: number; max: number | null }> = [
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

/** The age group a rider born in `birthYear` rides in during `raceYear`; null when unknown. */
export function ageGroupOf(birthYear: number | null, raceYear: number): string | null {
  if (birthYear === null) return null;
  const age = raceYear - birthYear;
  return AGE_BANDS.find((b) => age >= b.min && (b.max === null || age <= b.max))?.label ?? null;
}

/** The year a race is ridden: its start date's, or this year's when it has none. */
export function raceYear(startDate: string | null, now = new Date()): number {
  const year = startDate ? Number(startDate.slice(0, 4)) : Number.NaN;
  return Number.isFinite(year) ? year : now.getUTCFullYear();
}

/** A country's name from an ISO 3166 two-letter code ("FR" → "France"); other codes as they are. */
export function nationalityName(code: string | null, locale = 'en'): string | null {
  if (!code) return null;
  if (/^[A-Za-z]{2}$/.test(code)) {
    try {
      const name = new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase());
      if (name && name !== code.toUpperCase()) return `${name} (${code.toUpperCase()})`;
    } catch {
      // not a region Intl knows: show the code
    }
  }
  return code;
}

/** The race this profile was asked for (the registration in the address), else the newest. */
export function focusRace(profile: RiderProfileView): RiderRaceView | undefined {
  return profile.races.find((r) => r.current) ?? profile.races[0];
}

export interface SplitRow extends CheckpointSplitView {
  /** Seconds since the previous checkpoint (since the start for the first). */
  segment: number;
}

/** Splits in course order, each with the time taken since the one before. */
export function splitRows(splits: readonly CheckpointSplitView[]): SplitRow[] {
  const ordered = [...splits].sort((a, b) => a.distance - b.distance || a.time - b.time);
  return ordered.map((s, k) => ({
    ...s,
    segment: k === 0 ? s.elapsed : s.elapsed - ordered[k - 1]!.elapsed,
  }));
}

/**
 * The results table's view model: who a row is (start list join), which rows the filters and the search
 * keep, which columns the data calls for, and the CSV link with the same filters.
 */
import { query } from '../../api/client.ts';
import type { ResultRowView, ResultsTab, StageResultRowView } from '../../api/results-types.ts';
import type { RegistrationView } from '../../api/types.ts';
import { fold } from '../race/start-list.ts';
import { ageBand, bandOfLabel, sortBands } from './age-groups.ts';

export type AnyResultRow = ResultRowView & Partial<Omit<StageResultRowView, keyof ResultRowView>>;

export interface RiderInfo {
  registrationId: string;
  category: string | null;
  birthYear: number | null;
}

export function ridersByBib(registrations: readonly RegistrationView[]): Map<number, RiderInfo> {
  return new Map(
    registrations.map((r) => [r.bib, { registrationId: r.id, category: r.category, birthYear: r.birthYear }]),
  );
}

export interface ResultsFilter {
  search: string;
  category: string;
  ageGroup: string;
}

export const NO_FILTER: ResultsFilter = { search: '', category: '', ageGroup: '' };

/** The classifications the server filters by category and age group itself (re-ranking the riders). */
export function serverFilters(tab: ResultsTab): boolean {
  return tab !== 'stage' && tab !== 'team';
}

/** Whether category and age-group filters mean anything on this tab (teams have neither). */
export function filtersApply(tab: ResultsTab): boolean {
  return tab !== 'team';
}

export function rowAgeGroup(
  row: AnyResultRow,
  riders: Map<number, RiderInfo>,
  raceYear: number,
): string | null {
  const rider = row.bib === null ? undefined : riders.get(row.bib);
  return ageBand(raceYear, rider?.birthYear) ?? bandOfLabel(row.ageGroup);
}

/** The age groups present among the rows, youngest first. */
export function ageGroupOptions(
  rows: readonly AnyResultRow[],
  riders: Map<number, RiderInfo>,
  raceYear: number,
): string[] {
  const bands: string[] = [];
  for (const row of rows) {
    const band = rowAgeGroup(row, riders, raceYear);
    if (band) bands.push(band);
  }
  return sortBands(bands);
}

function matchesSearch(row: AnyResultRow, words: string[]): boolean {
  if (words.length === 0) return true;
  if (
    words.length === 1 &&
    /^\d+$/.test(words[0]!) &&
    row.bib !== null &&
    String(row.bib).startsWith(words[0]!)
  )
    return true;
  const text = fold(`${row.rider ?? ''} ${row.team ?? ''} ${row.bib ?? ''}`);
  return words.every((word) => text.includes(word));
}

/**
 * The rows to show. Category and age group are applied here only where the server did not (the stage
 * result); the search (name, bib, team) always is.
 */
export function filterResults<T extends AnyResultRow>(
  rows: readonly T[],
  filter: ResultsFilter,
  tab: ResultsTab,
  riders: Map<number, RiderInfo>,
  raceYear: number,
): T[] {
  const words = fold(filter.search).split(/\s+/).filter(Boolean);
  const local = !serverFilters(tab) && filtersApply(tab);
  return rows.filter((row) => {
    if (local && filter.category) {
      const rider = row.bib === null ? undefined : riders.get(row.bib);
      if (rider?.category !== filter.category) return false;
    }
    if (local && filter.ageGroup && rowAgeGroup(row, riders, raceYear) !== filter.ageGroup) return false;
    return matchesSearch(row, words);
  });
}

/** The API path of a tab's data; `format: 'csv'` for the download. */
export function resultsPath(
  raceId: string,
  stageId: string | null,
  tab: ResultsTab,
  filter: Pick<ResultsFilter, 'category' | 'ageGroup'>,
  format?: 'csv',
): string | null {
  if (tab === 'stage') {
    return stageId ? `/api/v1/stages/${encodeURIComponent(stageId)}/results${query({ format })}` : null;
  }
  const filters = serverFilters(tab) ? { category: filter.category, ageGroup: filter.ageGroup } : {};
  return `/api/v1/races/${encodeURIComponent(raceId)}/classifications/${tab}${query({ format, ...filters })}`;
}

export interface CsvLink {
  href: string;
  /** False when the file has every rider although the table is filtered (the API cannot filter it). */
  filtered: boolean;
}

export function csvLink(
  raceId: string,
  stageId: string | null,
  tab: ResultsTab,
  filter: Pick<ResultsFilter, 'category' | 'ageGroup'>,
): CsvLink | null {
  const href = resultsPath(raceId, stageId, tab, filter, 'csv');
  if (!href) return null;
  const asked = Boolean(filter.category || filter.ageGroup) && filtersApply(tab);
  return { href, filtered: !asked || serverFilters(tab) };
}

/** Hundredths shown only when some time or gap has them (time trials, timing systems). */
export function hasHundredths(rows: readonly AnyResultRow[]): boolean {
  const fractional = (value: number | null | undefined) =>
    typeof value === 'number' && Math.abs(value - Math.round(value)) >= 0.005;
  return rows.some((row) => fractional(row.time) || fractional(row.gap));
}

export interface ResultColumns {
  bib: boolean;
  rider: boolean;
  time: boolean;
  gap: boolean;
  points: boolean;
  laps: boolean;
}

/** Columns the data has: points where the classification counts them, no riders in the team ranking. */
export function resultColumns(tab: ResultsTab, rows: readonly AnyResultRow[]): ResultColumns {
  const any = (pick: (row: AnyResultRow) => unknown) =>
    rows.some((row) => pick(row) !== undefined && pick(row) !== null);
  const pointsTab = tab === 'points' || tab === 'mountains';
  return {
    bib: tab !== 'team',
    rider: tab !== 'team',
    time: !pointsTab && (rows.length === 0 || any((r) => r.time)),
    gap: !pointsTab && (rows.length === 0 || any((r) => r.gap)),
    points: pointsTab || (tab === 'stage' && any((r) => r.points)),
    laps: tab === 'stage' && any((r) => r.laps),
  };
}

/** Category choices: the race's categories, or the codes found on the start list when it has none defined. */
export function categoryOptions(
  categories: ReadonlyArray<{ code: string; name: string }>,
  registrations: readonly RegistrationView[],
): Array<{ code: string; name: string }> {
  if (categories.length > 0) return [...categories].sort((a, b) => a.code.localeCompare(b.code));
  const codes = new Set(registrations.map((r) => r.category).filter((c): c is string => Boolean(c)));
  return [...codes].sort().map((code) => ({ code, name: code }));
}

/** Age groups on the start list and in the rows, keeping a chosen one listed even when no row has it. */
export function ageGroupChoices(
  rows: readonly AnyResultRow[],
  registrations: readonly RegistrationView[],
  raceYear: number,
  chosen: string,
): string[] {
  const bands = ageGroupOptions(rows, ridersByBib(registrations), raceYear);
  for (const r of registrations) {
    const band = ageBand(raceYear, r.birthYear);
    if (band) bands.push(band);
  }
  if (chosen) bands.push(chosen);
  return sortBands(bands);
}

/**
 * The stage a results page opens on: the one racing now or last raced (started by the schedule),
 * else the first.
 */
export function defaultResultsStage<T extends { id: string; number: number; scheduledStart: string | null }>(
  stages: readonly T[],
  statuses: Map<string, string>,
  now: number,
): T | null {
  const ordered = [...stages].sort((a, b) => a.number - b.number);
  const raced = ordered.filter((s) =>
    ['live', 'neutralised', 'finished', 'official'].includes(statuses.get(s.id) ?? ''),
  );
  if (raced.length > 0) return raced.at(-1)!;
  const scheduled = ordered.filter((s) => s.scheduledStart !== null && Date.parse(s.scheduledStart) <= now);
  return scheduled.at(-1) ?? ordered[0] ?? null;
}

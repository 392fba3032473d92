/**
 * The results table's view model: who a row is (start list join), which rows the filters and the search
 * keep, which columns the data calls for, and the CSV link with the same filters.
 */
import { query } from '../../api/client.ts';
import type { CategoryView } from '../../api/races-types.ts';
import type { ResultRowView, ResultsTab, StageResultRowView } from '../../api/results-types.ts';
import type { RegistrationView } from '../../api/types.ts';
import { fold } from '../race/start-list.ts';
import { ageBand, bandOfLabel, sortBands } from './age-groups.ts';

export type AnyResultRow = ResultRowView & Partial<Omit<StageResultRowView, keyof ResultRowView>>;

export interface ResultsFilter {
  search: string;
  gender: string;
  category: string;
  ageGroup: string;
}

export const NO_FILTER: ResultsFilter = { search: '', gender: '', category: '', ageGroup: '' };

type RankingFilter = Pick<ResultsFilter, 'gender' | 'category' | 'ageGroup'>;

/** Whether gender, category and age-group filters mean anything on this tab (teams have none). */
export function filtersApply(tab: ResultsTab): boolean {
  return tab !== 'team';
}

/** Whether a ranking (gender, category or age group) is asked for. */
export function narrowed(filter: RankingFilter): boolean {
  return Boolean(filter.gender || filter.category || filter.ageGroup);
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
 * The rows to show: the server has already kept those of the gender, category and age group asked for
 * (it knows the race's own age categories); the search (name, bib, team) is applied here.
 */
export function filterResults<T extends AnyResultRow>(rows: readonly T[], search: string): T[] {
  const words = fold(search).split(/\s+/).filter(Boolean);
  return rows.filter((row) => matchesSearch(row, words));
}

/** The API path of a tab's data, with the rankings asked for; `format: 'csv'` for the download. */
export function resultsPath(
  raceId: string,
  stageId: string | null,
  tab: ResultsTab,
  filter: RankingFilter,
  format?: 'csv',
): string | null {
  const filters = filtersApply(tab)
    ? { gender: filter.gender, category: filter.category, ageGroup: filter.ageGroup }
    : {};
  if (tab === 'stage') {
    return stageId
      ? `/api/v1/stages/${encodeURIComponent(stageId)}/results${query({ format, ...filters })}`
      : null;
  }
  return `/api/v1/races/${encodeURIComponent(raceId)}/classifications/${tab}${query({ format, ...filters })}`;
}

/** The CSV of what the table shows (the same rankings; the search stays on the page). */
export function csvLink(
  raceId: string,
  stageId: string | null,
  tab: ResultsTab,
  filter: RankingFilter,
): string | null {
  return resultsPath(raceId, stageId, tab, filter, 'csv');
}

/**
 * The place each row holds in the ranking asked for, on a stage result (whose `rank` stays the overall
 * place): the narrowest asked — age group, then category, then gender. Null when none is asked, or on a
 * classification, which the server re-ranks in `rank` itself.
 */
export function rankingPlace(
  tab: ResultsTab,
  filter: RankingFilter,
): {
  ranking: 'ageGroup' | 'category' | 'gender';
  label: string;
  of: (row: AnyResultRow) => number | null;
} | null {
  if (tab !== 'stage') return null;
  if (filter.ageGroup)
    return { ranking: 'ageGroup', label: filter.ageGroup, of: (r) => r.ageGroupRank ?? null };
  if (filter.category)
    return { ranking: 'category', label: filter.category, of: (r) => r.categoryRank ?? null };
  if (filter.gender) return { ranking: 'gender', label: filter.gender, of: (r) => r.genderRank ?? null };
  return null;
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

/** A category as the age-group filter reads it: its code, gender and age bounds. */
export type AgeCategory = Pick<CategoryView, 'code' | 'gender' | 'minAge' | 'maxAge'>;

/**
 * Age groups to pick from: the race's own age categories (those with age bounds), women's then men's,
 * youngest first, as the server ranks them; for a race with none, the default bands found on the start
 * list and in the rows. A chosen one stays listed.
 */
export function ageGroupChoices(
  categories: readonly AgeCategory[],
  rows: readonly AnyResultRow[],
  registrations: readonly RegistrationView[],
  raceYear: number,
  chosen: string,
): string[] {
  const ages = categories.filter((c) => c.minAge !== null || c.maxAge !== null);
  if (ages.length > 0) {
    const codes = [...ages]
      .sort(
        (a, b) =>
          (a.gender ?? '').localeCompare(b.gender ?? '') ||
          (a.minAge ?? 0) - (b.minAge ?? 0) ||
          a.code.localeCompare(b.code),
      )
      .map((c) => c.code);
    return chosen && !codes.includes(chosen) ? [...codes, chosen] : codes;
  }
  const bands: string[] = [];
  for (const row of rows) {
    const band = bandOfLabel(row.ageGroup);
    if (band) bands.push(band);
  }
  for (const r of registrations) {
    const band = ageBand(raceYear, r.birthYear);
    if (band) bands.push(band);
  }
  if (chosen) bands.push(chosen);
  return sortBands(bands);
}

/** The genders on the start list (M, F, X in that order), keeping a chosen one listed. */
export function genderChoices(registrations: readonly RegistrationView[], chosen: string): string[] {
  const present = new Set(registrations.map((r) => r.gender).filter((g): g is 'M' | 'F' | 'X' => g !== null));
  if (chosen) present.add(chosen as 'M' | 'F' | 'X');
  return ['F', 'M', 'X'].filter((g) => present.has(g as 'M' | 'F' | 'X'));
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

/** The timing points a stage result has splits at, in course order as the rows list them. */
export function splitPoints(rows: readonly AnyResultRow[]): Array<{ checkpointId: string; name: string }> {
  const points = new Map<string, string>();
  for (const row of rows) {
    for (const split of row.splits ?? [])
      if (!points.has(split.checkpointId)) points.set(split.checkpointId, split.name);
  }
  return [...points].map(([checkpointId, name]) => ({ checkpointId, name }));
}

/** Whether any split time has hundredths (timing systems): then every split shows them. */
export function splitsHaveHundredths(rows: readonly AnyResultRow[]): boolean {
  return rows.some((row) => (row.splits ?? []).some((s) => Math.abs(s.time - Math.round(s.time)) >= 0.005));
}

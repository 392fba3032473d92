import type { LiveRider } from '../api/types.ts';

export interface RiderFilter {
  /** A category name, or '' for all. */
  category: string;
  /** Part of a name, or a bib. */
  search: string;
}

export const NO_FILTER: RiderFilter = { category: '', search: '' };

/** The categories riders belong to, sorted, for the filter's choices. */
export function categoriesOf(riders: ReadonlyArray<LiveRider | undefined>): string[] {
  const names = new Set<string>();
  for (const rider of riders) if (rider?.category) names.add(rider.category);
  return [...names].sort((a, b) => a.localeCompare(b));
}

export function inCategory(rider: LiveRider, category: string): boolean {
  return category === '' || rider.category === category;
}

/** A bib matches from its start ("12" finds 12 and 120); names and teams anywhere, accents ignored. */
export function matchesSearch(rider: LiveRider, search: string): boolean {
  return matchesQuery(rider, fold(search.trim()));
}

/** `matchesSearch` with the search already folded: a list folds it once, not once per rider. */
function matchesQuery(rider: LiveRider, query: string): boolean {
  if (query === '') return true;
  if (/^\d+$/.test(query)) return String(rider.bib).startsWith(query);
  return fold(rider.name).includes(query) || (rider.team !== null && fold(rider.team).includes(query));
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

export interface LeaderboardRows {
  /** Followed riders, in standing order, shown first. */
  pinned: LiveRider[];
  /** Everyone else who passes the filter, in standing order. */
  others: LiveRider[];
}

/** The rows of the leaderboard: filtered, followed riders pinned on top (each rider listed once). */
export function leaderboardRows(
  ranked: ReadonlyArray<LiveRider>,
  followed: ReadonlySet<string>,
  filter: RiderFilter,
): LeaderboardRows {
  const pinned: LiveRider[] = [];
  const others: LiveRider[] = [];
  const query = fold(filter.search.trim());
  for (const rider of ranked) {
    if (!inCategory(rider, filter.category) || !matchesQuery(rider, query)) continue;
    (followed.has(rider.id) ? pinned : others).push(rider);
  }
  return { pinned, others };
}

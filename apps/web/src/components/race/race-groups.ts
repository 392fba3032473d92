/**
 * How the home page sorts races into what a spectator looks for: running now, coming up, done.
 * Drafts are never listed; cancelled races are not "past races" either.
 */
import type { RaceListView, RaceStatusValue, RaceView } from '../../api/races-types.ts';

export const LIVE_STATUSES: readonly RaceStatusValue[] = ['live', 'neutralised'];
export const UPCOMING_STATUSES: readonly RaceStatusValue[] = ['published'];
export const PAST_STATUSES: readonly RaceStatusValue[] = ['finished', 'official'];

export interface RaceGroups {
  live: RaceView[];
  upcoming: RaceView[];
  past: RaceView[];
}

/** Races with a start date first, by that date (`dir` 1 = soonest first), then by name. */
function byDate(dir: 1 | -1) {
  return (a: RaceView, b: RaceView): number => {
    if (a.startDate !== b.startDate) {
      if (a.startDate === null) return 1;
      if (b.startDate === null) return -1;
      return a.startDate < b.startDate ? -dir : dir;
    }
    return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  };
}

export const soonestFirst = byDate(1);
export const newestFirst = byDate(-1);

/** Live (and neutralised) races, upcoming ones soonest first, past ones newest first. */
export function groupRaces(races: readonly RaceView[]): RaceGroups {
  const unique = [...new Map(races.map((race) => [race.id, race])).values()];
  return {
    live: unique.filter((race) => LIVE_STATUSES.includes(race.status)).sort(newestFirst),
    upcoming: unique.filter((race) => UPCOMING_STATUSES.includes(race.status)).sort(soonestFirst),
    past: unique.filter((race) => PAST_STATUSES.includes(race.status)).sort(newestFirst),
  };
}

export interface PastPage {
  items: RaceView[];
  total: number;
  pageCount: number;
}

/**
 * One page of past races from the API's page of finished and official races (one request for both
 * statuses, newest first, paged by the API with limit and offset): kept in the API's order.
 */
export function pastPage(list: RaceListView, pageSize: number): PastPage {
  return {
    items: list.items.filter((race) => PAST_STATUSES.includes(race.status)),
    total: list.total,
    pageCount: Math.max(1, Math.ceil(list.total / pageSize)),
  };
}

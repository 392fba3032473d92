import { query } from '../../api/client.ts';
import type { RaceListView, RaceView } from '../../api/races-types.ts';
import { type ApiState, useApi } from '../../api/use-api.ts';
import {
  groupRaces,
  LIVE_STATUSES,
  PAST_STATUSES,
  type PastPage,
  pastPage,
  UPCOMING_STATUSES,
} from '../../components/race/race-groups.ts';

export const PAST_PAGE_SIZE = 12;
const LIVE_REFRESH_MS = 30_000;

export interface HomeRaces {
  live: RaceView[];
  upcoming: RaceView[];
  past: PastPage;
  /** Every list has answered at least once. */
  ready: boolean;
  error: ApiState<unknown>['error'];
  reload: () => void;
}

const racesPath = (statuses: readonly string[], q: string, limit: number, offset = 0) =>
  `/api/v1/races${query({ status: statuses.join(','), q: q || undefined, limit, offset: offset || undefined })}`;

/**
 * The home page's lists, one request per section (the API takes several statuses at once). Live and
 * upcoming races are asked again every 30 s so a race that starts or ends moves section without a
 * reload; past races are paged by the API.
 */
export function useHomeRaces(q: string, page: number): HomeRaces {
  const live = useApi<RaceListView>(racesPath(LIVE_STATUSES, q, 50), LIVE_REFRESH_MS);
  const upcoming = useApi<RaceListView>(racesPath(UPCOMING_STATUSES, q, 50), LIVE_REFRESH_MS);
  const past = useApi<RaceListView>(racesPath(PAST_STATUSES, q, PAST_PAGE_SIZE, page * PAST_PAGE_SIZE));
  const all = [live, upcoming, past];
  return {
    live: groupRaces(live.data?.items ?? []).live,
    upcoming: groupRaces(upcoming.data?.items ?? []).upcoming,
    past: pastPage(past.data ?? { items: [], total: 0 }, PAST_PAGE_SIZE),
    ready: all.every((state) => state.data !== undefined || state.error !== undefined),
    error: all.find((state) => state.error)?.error,
    reload: () => {
      for (const state of all) state.reload();
    },
  };
}

import { query } from '../../api/client.ts';
import type { RaceListView, RaceView } from '../../api/races-types.ts';
import { type ApiState, useApi } from '../../api/use-api.ts';
import { groupRaces, type PastPage, pastFetchLimit, pastPage } from '../../components/race/race-groups.ts';

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

const racesPath = (status: string, q: string, limit: number) =>
  `/api/v1/races${query({ status, q: q || undefined, limit })}`;

/**
 * The home page's lists, one request per status (the API filters one status at a time). Live races
 * are asked again every 30 s so a race that starts or ends moves section without a reload.
 */
export function useHomeRaces(q: string, page: number): HomeRaces {
  const live = useApi<RaceListView>(racesPath('live', q, 50), LIVE_REFRESH_MS);
  const neutralised = useApi<RaceListView>(racesPath('neutralised', q, 50), LIVE_REFRESH_MS);
  const upcoming = useApi<RaceListView>(racesPath('published', q, 50), LIVE_REFRESH_MS);
  const limit = pastFetchLimit(page, PAST_PAGE_SIZE);
  const finished = useApi<RaceListView>(racesPath('finished', q, limit));
  const official = useApi<RaceListView>(racesPath('official', q, limit));
  const all = [live, neutralised, upcoming, finished, official];
  const groups = groupRaces([...(live.data?.items ?? []), ...(neutralised.data?.items ?? [])]);
  return {
    live: groups.live,
    upcoming: groupRaces(upcoming.data?.items ?? []).upcoming,
    past: pastPage(
      [finished.data ?? { items: [], total: 0 }, official.data ?? { items: [], total: 0 }],
      page,
      PAST_PAGE_SIZE,
    ),
    ready: all.every((state) => state.data !== undefined || state.error !== undefined),
    error: all.find((state) => state.error)?.error,
    reload: () => {
      for (const state of all) state.reload();
    },
  };
}

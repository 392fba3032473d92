import type { RouteObject } from 'react-router';
import { Loading, NotFound } from '../components/Status.tsx';
import { Layout } from './Layout.tsx';

/**
 * Every page is its own chunk, so the live page loads only what it draws (the bundle-size report
 * follows this graph). Embeds have no site frame: they live inside someone else's page.
 */
const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    // Shown while the first page's chunk loads (every page is lazy).
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, lazy: page(() => import('../pages/home/HomePage.tsx')) },
      { path: 'races/:raceId', lazy: page(() => import('../pages/race/RacePage.tsx')) },
      { path: 'races/:raceId/results', lazy: page(() => import('../pages/results/ResultsPage.tsx')) },
      { path: 'races/:raceId/statistics', lazy: page(() => import('../pages/stats/RaceStatisticsPage.tsx')) },
      { path: 'races/:raceId/stages/:stageId/live', lazy: page(() => import('../pages/live/LivePage.tsx')) },
      {
        path: 'races/:raceId/stages/:stageId/replay',
        lazy: page(() => import('../pages/replay/ReplayPage.tsx')),
      },
      { path: 'riders/:registrationId', lazy: page(() => import('../pages/rider/RiderPage.tsx')) },
      { path: 'statistics', lazy: page(() => import('../pages/stats/StatisticsPage.tsx')) },
      { path: 'signin', lazy: page(() => import('../pages/signin/SignInPage.tsx')) },
      { path: 'invite', lazy: page(() => import('../pages/invite/InvitePage.tsx')) },
      // The back office: one lazy chunk (its heavier screens split further inside), never on the live page.
      { path: 'admin/*', lazy: page(() => import('../pages/admin/AdminPage.tsx')) },
      { path: '*', element: <NotFound /> },
    ],
  },
  // The tracker app: no site frame, its own lazy chunk (never on the live page's first load).
  {
    path: 'ride',
    hydrateFallbackElement: <Loading />,
    lazy: page(() => import('../pages/ride/RidePage.tsx')),
  },
  {
    path: 'ride/callback',
    hydrateFallbackElement: <Loading />,
    lazy: page(() => import('../pages/ride/RidePage.tsx')),
  },
  {
    path: 'ride/setup/:registrationId',
    hydrateFallbackElement: <Loading />,
    lazy: page(() => import('../pages/ride/RideSetupPage.tsx')),
  },
  {
    path: 'embed/stages/:stageId/map',
    hydrateFallbackElement: <Loading />,
    lazy: page(() => import('../pages/embed/EmbedMapPage.tsx')),
  },
  {
    path: 'embed/stages/:stageId/leaderboard',
    hydrateFallbackElement: <Loading />,
    lazy: page(() => import('../pages/embed/EmbedLeaderboardPage.tsx')),
  },
];

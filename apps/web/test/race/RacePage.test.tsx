import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../../src/app/session.tsx';
import { i18n } from '../../src/i18n/index.ts';
import RacePage from '../../src/pages/race/RacePage.tsx';
import { fakeFetch } from '../home/fake-fetch.ts';

// Leaflet and uPlot draw on canvas, which jsdom has not.
vi.mock('../../src/map/CourseMap.tsx', () => ({
  CourseMap: ({ label }: { label: string }) => <section aria-label={label} />,
}));
vi.mock('../../src/charts/ElevationProfile.tsx', () => ({
  ElevationProfile: ({ label }: { label: string }) => <figure aria-label={label} />,
}));

const RACE = {
  id: 'race-1',
  name: 'Tour Test',
  description: '',
  location: 'Dijon',
  timeZone: 'Europe/Paris',
  visibility: 'public',
  discipline: 'road',
  status: 'live',
  ownerId: 'owner',
  startDate: '2024-07-01',
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
  statusChangedAt: '2024-01-01T00:00:00Z',
};
const stage = (number: number, extra: Record<string, unknown>) => ({
  id: `st-${number}`,
  raceId: 'race-1',
  number,
  name: `Stage ${number}`,
  format: 'road_race',
  status: 'scheduled',
  // The schedule says every stage has started: the page must follow each stage's own status instead.
  scheduledStart: '2024-07-01T10:00:00Z',
  lapCount: 1,
  waves: [],
  hasCourse: true,
  course: { length: 150_000, climbing: 1800, lapCount: 1 },
  startedAt: null,
  finishedAt: null,
  scoring: {},
  createdAt: '2024-01-01T00:00:00Z',
  ...extra,
});
const STAGES = [
  stage(1, { status: 'finished', startedAt: 1, finishedAt: 2 }),
  stage(2, { status: 'live', startedAt: 3, course: { length: 180_500, climbing: null, lapCount: 1 } }),
  stage(3, { hasCourse: false, course: null }),
];
const COURSE = {
  stageId: 'st-2',
  length: 180_500,
  lapLength: 180_500,
  lapCount: 1,
  climbing: 0,
  hasElevation: false,
  profile: [],
  simplified: [],
};

describe('RacePage', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows each stage’s figures and status from the stage list, downloading only the selected course', async () => {
    const { asked } = fakeFetch((url) => {
      const p = url.pathname;
      if (p === '/api/v1/races/race-1') return RACE;
      if (p === '/api/v1/races/race-1/stages') return { items: STAGES };
      if (p === '/api/v1/races/race-1/registrations') return { items: [], total: 0 };
      if (p === '/api/v1/stages/st-2/course') return COURSE;
      if (p === '/api/v1/stages/st-2/checkpoints') return { items: [] };
      return undefined;
    });
    const router = createMemoryRouter([{ path: '/races/:raceId', element: <RacePage /> }], {
      initialEntries: ['/races/race-1'],
    });
    render(
      <I18nextProvider i18n={i18n}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </I18nextProvider>,
    );

    const items = await waitFor(() => {
      const found = screen.getAllByRole('listitem').filter((li) => li.querySelector('h3'));
      expect(found).toHaveLength(3);
      return found;
    });
    const [one, two, three] = items as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(one).getByText('Finished')).toBeTruthy();
    expect(within(one).getByText('150.0 km')).toBeTruthy();
    expect(within(one).getByText('1,800 m')).toBeTruthy();
    expect(within(one).getByRole('link', { name: 'Replay' })).toBeTruthy();
    expect(within(two).getByText('Live')).toBeTruthy();
    expect(within(two).getByText('180.5 km')).toBeTruthy();
    expect(
      within(two)
        .getByRole('link', { name: /Watch live/ })
        .getAttribute('href'),
    ).toBe('/races/race-1/stages/st-2/live');
    expect(within(three).getByText('Upcoming')).toBeTruthy();
    expect(within(three).queryByRole('link', { name: /Watch live/ })).toBeNull();

    // The running stage is the one shown, and its course the only one downloaded.
    expect(await screen.findByRole('heading', { name: /Course of Stage 2/ })).toBeTruthy();
    expect(await screen.findByText('180.5 km, 0 m of climbing')).toBeTruthy();
    const courses = asked.filter((url) => url.pathname.endsWith('/course')).map((url) => url.pathname);
    expect(courses).toEqual(['/api/v1/stages/st-2/course']);
  });
});

import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RiderProfileView } from '../../src/api/rider-types.ts';
import { i18n } from '../../src/i18n/index.ts';
import RiderPage from '../../src/pages/rider/RiderPage.tsx';

// Canvas charts and Leaflet are out of jsdom's reach: stand-ins show what they were given.
vi.mock('../../src/charts/SpeedChart.tsx', () => ({
  SpeedChart: ({ label, km, speed }: { label: string; km: number[]; speed: number[] }) => (
    <figure aria-label={label} data-km={km.join(',')} data-values={speed.join(',')} />
  ),
}));
vi.mock('../../src/charts/RideElevationChart.tsx', () => ({
  RideElevationChart: ({ label, elevation }: { label: string; elevation: number[] }) => (
    <figure aria-label={label} data-values={elevation.join(',')} />
  ),
}));
vi.mock('../../src/map/CourseMap.tsx', () => ({
  CourseMap: ({ label }: { label: string }) => <section aria-label={label} />,
}));

const REG = '00000000-0000-4000-8000-000000000001';
const OTHER_REG = '00000000-0000-4000-8000-000000000002';
const RACE = '00000000-0000-4000-8000-0000000000aa';
const OLD_RACE = '00000000-0000-4000-8000-0000000000ab';
const STAGE = '00000000-0000-4000-8000-0000000000bb';
const START = Date.UTC(2024, 6, 5, 11, 0, 0);

const profile: RiderProfileView = {
  id: REG,
  raceId: RACE,
  raceName: 'Tour 2024',
  bib: 7,
  firstName: 'Anna',
  lastName: 'Roux',
  name: 'Anna Roux',
  team: 'VC Dijon',
  category: 'Elite',
  nationality: 'FR',
  birthYear: 1988,
  races: [
    {
      registrationId: REG,
      raceId: RACE,
      raceName: 'Tour 2024',
      raceStatus: 'finished',
      startDate: '2024-07-05',
      bib: 7,
      team: 'VC Dijon',
      category: 'Elite',
      current: true,
      stages: [
        {
          stageId: STAGE,
          number: 1,
          name: 'Nuits → Gevrey',
          startedAt: START,
          rank: 3,
          time: 2400,
          gap: 65,
          status: null,
          splits: [
            {
              checkpointId: 'c2',
              name: 'Sprint',
              kind: 'sprint',
              distance: 8000,
              time: START + 750_000,
              elapsed: 750,
              speed: 38.4,
            },
            {
              checkpointId: 'c1',
              name: 'Start',
              kind: 'start',
              distance: 0,
              time: START,
              elapsed: 0,
              speed: null,
            },
          ],
        },
      ],
    },
    {
      registrationId: OTHER_REG,
      raceId: OLD_RACE,
      raceName: 'Tour 2023',
      raceStatus: 'official',
      startDate: '2023-07-01',
      bib: 12,
      team: null,
      category: null,
      current: false,
      stages: [],
    },
  ],
};

const responses: Record<string, unknown> = {
  [`/api/v1/registrations/${REG}/profile`]: profile,
  [`/api/v1/races/${RACE}`]: { id: RACE, name: 'Tour 2024', timeZone: 'Europe/Paris' },
  [`/api/v1/stages/${STAGE}/tracks?registrationId=${REG}&step=5`]: {
    stageId: STAGE,
    startedAt: START,
    finishedAt: START + 3_600_000,
    length: 2000,
    step: 5,
    course: { simplified: [], checkpoints: [] },
    riders: [
      {
        id: REG,
        bib: 7,
        name: 'Anna Roux',
        team: null,
        category: null,
        t0: START,
        samples: [0, 0, 47, 5, 10, 5, 1000, 47, 5.01, 30, 10, 2000, 47, 5.02, 40],
        finish: START + 10_000,
      },
    ],
  },
  [`/api/v1/stages/${STAGE}/course`]: {
    bbox: { minLat: 47, minLon: 5, maxLat: 47.1, maxLon: 5.1 },
    simplified: [],
    profile: [
      [0, 200],
      [2000, 300],
    ],
    lapLength: 2000,
    hasElevation: true,
  },
  [`/api/v1/stages/${STAGE}/checkpoints`]: { items: [] },
};

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      const body = responses[path];
      return body === undefined
        ? new Response(JSON.stringify({ title: 'Not Found', status: 404, detail: path }), {
            status: 404,
            headers: { 'content-type': 'application/problem+json' },
          })
        : new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderRider(id: string) {
  const router = createMemoryRouter([{ path: '/riders/:registrationId', element: <RiderPage /> }], {
    initialEntries: [`/riders/${id}`],
  });
  render(
    <I18nextProvider i18n={i18n}>
      <RouterProvider router={router} />
    </I18nextProvider>,
  );
}

describe('RiderPage', () => {
  it('shows who the rider is and their races', async () => {
    renderRider(REG);
    expect(await screen.findByRole('heading', { level: 1, name: /Anna Roux/ })).toBeTruthy();
    const facts = screen.getByLabelText('Rider profile');
    expect(within(facts).getByText('VC Dijon')).toBeTruthy();
    expect(within(facts).getByText('France (FR)')).toBeTruthy();
    expect(within(facts).getByText('35-39 (born 1988)')).toBeTruthy();
    const results = screen.getAllByRole('link', { name: 'Results' }).map((a) => a.getAttribute('href'));
    expect(results).toEqual([`/races/${RACE}/results`, `/races/${OLD_RACE}/results`]);
    expect(screen.getByRole('link', { name: 'Profile in this race' }).getAttribute('href')).toBe(
      `/riders/${OTHER_REG}`,
    );
    const stageRow = screen.getByRole('row', { name: /Nuits → Gevrey/ });
    expect(
      within(stageRow)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['3', '40:00', '+1:05', 'Finished']);
  });

  it('lists the splits in course order, in the race’s time zone', async () => {
    renderRider(REG);
    const table = await screen.findByTestId('rider-splits');
    // Never shown in another zone first: the race's zone is known before any time of day appears.
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      'Start0 m13:00:000:00–',
      'Sprint8.0 km13:12:3012:3038.4 km/h',
    ]);
  });

  it('charts the latest ride against distance and can fold it away', async () => {
    renderRider(REG);
    const speed = await screen.findByLabelText('Speed against distance, stage 1');
    expect(speed.dataset.km).toBe('0,1,2');
    expect(speed.dataset.values).toBe('10,30,40');
    expect(screen.getByLabelText('Elevation against distance, stage 1').dataset.values).toBe('200,250,300');
    expect(screen.getByLabelText('Map of the ride, stage 1')).toBeTruthy();
    const details = screen.getByText('The ride: speed, elevation and map').closest('details')!;
    details.open = false;
    fireEvent(details, new Event('toggle'));
    expect(screen.queryByLabelText('Speed against distance, stage 1')).toBeNull();
  });

  it('says so when there is no such rider', async () => {
    renderRider('00000000-0000-4000-8000-000000000099');
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeTruthy();
  });
});

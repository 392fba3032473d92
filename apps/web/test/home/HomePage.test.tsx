import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RaceView } from '../../src/api/races-types.ts';
import { i18n } from '../../src/i18n/index.ts';
import HomePage from '../../src/pages/home/HomePage.tsx';
import { fakeFetch } from './fake-fetch.ts';

function race(id: string, status: RaceView['status'], name: string, startDate: string | null): RaceView {
  return {
    id,
    name,
    description: '',
    location: 'Dijon',
    timeZone: 'Europe/Paris',
    visibility: 'public',
    discipline: 'road',
    status,
    ownerId: 'owner',
    startDate,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    statusChangedAt: '2024-01-01T00:00:00Z',
  };
}

const LIVE = race('live-race', 'live', 'Grand Prix Live', '2024-07-10');
const SOON = race('soon-race', 'published', 'Autumn Classic', '2030-10-01');
const DONE = race('done-race', 'finished', 'Spring Classic', '2024-04-01');

function renderHome(path = '/') {
  const router = createMemoryRouter([{ path: '/', element: <HomePage /> }], { initialEntries: [path] });
  render(
    <I18nextProvider i18n={i18n}>
      <RouterProvider router={router} />
    </I18nextProvider>,
  );
  return router;
}

const list = (items: RaceView[]) => ({ items, total: items.length });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('HomePage', () => {
  it('shows live races with a link to the running stage, upcoming and past races', async () => {
    fakeFetch((url) => {
      if (url.pathname === '/api/v1/races') {
        const status = url.searchParams.get('status');
        return list(
          status === 'live,neutralised'
            ? [LIVE]
            : status === 'published'
              ? [SOON]
              : status === 'finished,official'
                ? [DONE]
                : [],
        );
      }
      if (url.pathname === '/api/v1/races/live-race/stages') {
        return {
          items: [
            {
              id: 'stage-1',
              number: 1,
              name: 'One',
              scheduledStart: '2024-07-09T10:00:00Z',
              hasCourse: true,
              status: 'finished',
              startedAt: 1,
              finishedAt: 2,
            },
            {
              id: 'stage-2',
              number: 2,
              name: 'Two',
              scheduledStart: '2024-07-10T10:00:00Z',
              hasCourse: true,
              status: 'live',
              startedAt: 3,
              finishedAt: null,
            },
            {
              id: 'stage-3',
              number: 3,
              name: 'Three',
              scheduledStart: '2099-07-11T10:00:00Z',
              hasCourse: true,
              status: 'scheduled',
              startedAt: null,
              finishedAt: null,
            },
          ],
        };
      }
      return undefined;
    });
    renderHome();

    const live = await screen.findByRole('region', { name: 'Live now' });
    const watch = await within(live).findByRole('link', { name: /Watch stage 2 live/ });
    expect(watch.getAttribute('href')).toBe('/races/live-race/stages/stage-2/live');
    expect(within(live).getByRole('link', { name: 'Grand Prix Live' }).getAttribute('href')).toBe(
      '/races/live-race',
    );
    expect(within(live).getByText('Live')).toBeTruthy();

    const upcoming = screen.getByRole('region', { name: 'Upcoming' });
    expect(within(upcoming).getByRole('link', { name: 'Autumn Classic' })).toBeTruthy();
    expect(within(upcoming).getByText('1 Oct 2030')).toBeTruthy();

    const past = screen.getByRole('region', { name: 'Past races' });
    expect(within(past).getByRole('link', { name: 'Spring Classic' })).toBeTruthy();
    expect(within(past).getByRole('link', { name: 'Results' }).getAttribute('href')).toBe(
      '/races/done-race/results',
    );
    expect(screen.queryByText('No races here yet')).toBeNull();
  });

  it('keeps a stage race between stages under Live now, naming the next stage, with no stage to watch', async () => {
    fakeFetch((url) => {
      if (url.pathname === '/api/v1/races')
        return list(url.searchParams.get('status') === 'live,neutralised' ? [LIVE] : []);
      if (url.pathname === '/api/v1/races/live-race/stages') {
        const day = (number: number, status: string) => ({
          id: `stage-${number}`,
          number,
          name: `Day ${number}`,
          status,
        });
        return { items: [day(1, 'official'), day(2, 'scheduled'), day(3, 'scheduled')] };
      }
      return undefined;
    });
    renderHome();
    const live = await screen.findByRole('region', { name: 'Live now' });
    expect(await within(live).findByText('Between stages: stage 2 is next')).toBeTruthy();
    expect(within(live).queryByRole('link', { name: /Watch/ })).toBeNull();
  });

  it('asks for each section once, several statuses at a time, and pages past races through the API', async () => {
    const { asked } = fakeFetch((url) => (url.pathname === '/api/v1/races' ? list([]) : undefined));
    renderHome('/?page=3');
    await screen.findByRole('heading', { name: 'No races here yet' });
    const lists = asked.filter((url) => url.pathname === '/api/v1/races');
    expect(lists.map((url) => url.searchParams.get('status')).sort()).toEqual([
      'finished,official',
      'live,neutralised',
      'published',
    ]);
    const past = lists.find((url) => url.searchParams.get('status') === 'finished,official')!;
    expect([past.searchParams.get('limit'), past.searchParams.get('offset')]).toEqual(['12', '24']);
  });

  it('tells a newcomer what to do when there are no races at all', async () => {
    fakeFetch((url) => (url.pathname === '/api/v1/races' ? list([]) : undefined));
    renderHome();
    expect(await screen.findByRole('heading', { name: 'No races here yet' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sign in as an organiser' }).getAttribute('href')).toBe(
      '/signin',
    );
    expect(screen.queryByRole('region', { name: 'Live now' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Upcoming' })).toBeNull();
  });

  it('searches after a pause in typing, with the search in the address', async () => {
    const { asked } = fakeFetch((url) => {
      if (url.pathname !== '/api/v1/races') return undefined;
      const q = url.searchParams.get('q');
      const status = url.searchParams.get('status');
      if (q === 'spring') return list(status === 'finished,official' ? [DONE] : []);
      return list(status === 'published' ? [SOON] : status === 'finished,official' ? [DONE] : []);
    });
    const router = renderHome();
    await screen.findByRole('link', { name: 'Autumn Classic' });

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search races' }), {
      target: { value: 'spring' },
    });
    expect(router.state.location.search).toBe(''); // not on every key
    await waitFor(() => expect(router.state.location.search).toBe('?q=spring'));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Autumn Classic' })).toBeNull());
    expect(screen.getByRole('link', { name: 'Spring Classic' })).toBeTruthy();
    expect(
      asked.some(
        (url) =>
          url.searchParams.get('q') === 'spring' && url.searchParams.get('status') === 'live,neutralised',
      ),
    ).toBe(true);
    expect(screen.getByRole('status').textContent).toContain('1 race matches “spring”');
  });

  it('says when a search finds nothing, and can clear it', async () => {
    fakeFetch((url) =>
      url.pathname === '/api/v1/races' ? list(url.searchParams.get('q') ? [] : [SOON]) : undefined,
    );
    const router = renderHome('/?q=zzz');
    expect(await screen.findByText(/No race matches “zzz”/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear search' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(await screen.findByRole('link', { name: 'Autumn Classic' })).toBeTruthy();
  });
});

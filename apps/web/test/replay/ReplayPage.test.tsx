import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StageTracksView } from '../../src/api/replay-types.ts';
import { i18n } from '../../src/i18n/index.ts';
import ReplayPage from '../../src/pages/replay/ReplayPage.tsx';

// Leaflet and uPlot draw on canvas, which jsdom has not: the page's own logic is what is tested here.
vi.mock('../../src/map/CourseMap.tsx', () => ({
  CourseMap: ({ label }: { label: string }) => <section aria-label={label} />,
}));
vi.mock('../../src/charts/ElevationProfile.tsx', () => ({
  ElevationProfile: ({ label, markers }: { label: string; markers: Array<{ highlighted?: boolean }> }) => (
    <figure
      aria-label={label}
      data-markers={markers.length}
      data-highlighted={markers.filter((m) => m.highlighted).length}
    />
  ),
}));

const RACE = '00000000-0000-4000-8000-0000000000aa';
const STAGE = '00000000-0000-4000-8000-0000000000bb';
const START = Date.UTC(2024, 6, 5, 11, 0, 0);

/** Riders at steady speeds (m/s) sampled every 5 s over 10 km. */
function tracks(): StageTracksView {
  const rider = (bib: number, speed: number) => {
    const samples: number[] = [];
    for (let s = 0; s * speed < 10_000; s += 5) samples.push(s, s * speed, 47, 5 + s / 1e5, speed * 3.6);
    return {
      id: `00000000-0000-4000-8000-00000000000${bib}`,
      bib,
      name: `Rider ${bib}`,
      team: 'Team',
      category: null,
      t0: START,
      samples,
      finish: null,
      out: null,
    };
  };
  return {
    stageId: STAGE,
    startedAt: START,
    finishedAt: START + 3_600_000,
    length: 10_000,
    step: 5,
    course: { simplified: [], checkpoints: [] },
    riders: [rider(1, 8), rider(2, 10), rider(3, 9)],
  };
}

const responses: Record<string, unknown> = {
  [`/api/v1/races/${RACE}`]: { id: RACE, name: 'Tour', timeZone: 'Europe/Paris' },
  [`/api/v1/stages/${STAGE}`]: { id: STAGE, raceId: RACE, name: 'Stage 7', format: 'road_race' },
  [`/api/v1/stages/${STAGE}/course`]: {
    simplified: [],
    bbox: { minLat: 47, minLon: 5, maxLat: 47.1, maxLon: 5.1 },
    profile: [
      [0, 200],
      [10_000, 300],
    ],
    lapLength: 10_000,
  },
  [`/api/v1/stages/${STAGE}/checkpoints`]: { items: [] },
  [`/api/v1/stages/${STAGE}/tracks?step=5`]: tracks(),
};

function renderAt(search: string) {
  const router = createMemoryRouter(
    [{ path: '/races/:raceId/stages/:stageId/replay', element: <ReplayPage /> }],
    {
      initialEntries: [`/races/${RACE}/stages/${STAGE}/replay${search}`],
    },
  );
  render(
    <I18nextProvider i18n={i18n}>
      <RouterProvider router={router} />
    </I18nextProvider>,
  );
  return router;
}

const bibs = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.getAttribute('data-bib'));

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      const body = responses[path];
      return body === undefined
        ? new Response(JSON.stringify({ title: 'Not Found', status: 404 }), {
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

describe('ReplayPage', () => {
  it('opens at the shared moment with the standings then, in the race’s time zone', async () => {
    renderAt(`?t=${START + 100_000}`);
    const timeline = (await screen.findByTestId('replay-timeline')) as HTMLInputElement;
    expect(timeline).toHaveProperty('value', String(START + 100_000));
    expect(screen.getByLabelText('Replay time')).toBe(timeline);
    // 13:01:40 in Paris (UTC+2 in July).
    expect(timeline.getAttribute('aria-valuetext')).toBe('13:01:40, 1:40 after the start');
    expect(screen.getByText('Standings at 13:01:40')).toBeTruthy();
    expect(bibs()).toEqual(['2', '3', '1']);
    // Bib 3 at 900 m; bib 2 passed 900 m at 90 s: 10 s behind.
    const row = screen.getByRole('table').querySelector('tr[data-bib="3"] [data-col="gap"]');
    expect(row?.textContent).toBe('+0:10');
  });

  it('scrubs, jumps a minute, and toggles play with the button and the space bar', async () => {
    renderAt('');
    const timeline = (await screen.findByTestId('replay-timeline')) as HTMLInputElement;
    expect(timeline.value).toBe(String(START));
    fireEvent.change(timeline, { target: { value: String(START + 600_000) } });
    expect(screen.getByText('Standings at 13:10:00')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Forward one minute' }));
    expect(timeline.value).toBe(String(START + 660_000));
    fireEvent.click(screen.getByRole('button', { name: 'Back one minute' }));
    expect(timeline.value).toBe(String(START + 600_000));

    const play = screen.getByTestId('replay-play');
    expect(play.textContent).toContain('Play');
    fireEvent.click(play);
    expect(play.textContent).toContain('Pause');
    fireEvent.keyDown(timeline, { key: ' ' });
    expect(play.textContent).toContain('Play');
    fireEvent.keyDown(document.body, { key: ' ' });
    expect(play.textContent).toContain('Pause');
  });

  it('plays forward in time at the chosen speed', async () => {
    renderAt(`?t=${START}`);
    const timeline = (await screen.findByTestId('replay-timeline')) as HTMLInputElement;
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '120' } });
    fireEvent.click(screen.getByTestId('replay-play'));
    await waitFor(() => expect(Number(timeline.value)).toBeGreaterThan(START + 5_000), { timeout: 2000 });
    fireEvent.click(screen.getByTestId('replay-play'));
  });

  it('follows a rider: pressed, highlighted on the profile, and named in the address', async () => {
    const router = renderAt(`?t=${START + 100_000}`);
    const follow = await screen.findByRole('button', { name: 'Follow Rider 1' });
    expect(follow.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(follow);
    expect(follow.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText('Following 1 Rider 1')).toBeTruthy();
    expect(screen.getByLabelText('Course profile with riders at the replay time').dataset.highlighted).toBe(
      '1',
    );
    await waitFor(() => expect(router.state.location.search).toContain('follow=1'));
    expect(router.state.location.search).toContain(`t=${START + 100_000}`);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Stop following' }));
    });
    expect(follow.getAttribute('aria-pressed')).toBe('false');
  });

  it('shows a rider taken out by a decision as DNF from then on, below the riders on the road', async () => {
    const path = `/api/v1/stages/${STAGE}/tracks?step=5`;
    const withOut = tracks();
    withOut.riders[2]!.out = START + 50_000;
    responses[path] = withOut;
    try {
      renderAt(`?t=${START + 100_000}`);
      await screen.findByTestId('replay-timeline');
      expect(bibs()).toEqual(['2', '1', '3']);
      const row = screen.getByRole('table').querySelector('tr[data-bib="3"]')!;
      expect(row.getAttribute('data-cond')).toBe('dnf');
      expect(row.querySelector('[data-col="rank"]')?.textContent).toBe('–');
      expect(row.querySelector('[data-col="gap"]')?.textContent).toBe('DNF');
      // Out riders are not drawn on the profile: two markers for the two riders still racing.
      expect(screen.getByLabelText('Course profile with riders at the replay time').dataset.markers).toBe(
        '2',
      );
    } finally {
      responses[path] = tracks();
    }
  });
});

import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../../src/app/session.tsx';
import { i18n } from '../../src/i18n/index.ts';
import ResultsPage from '../../src/pages/results/ResultsPage.tsx';
import { fakeFetch } from '../home/fake-fetch.ts';
import { RACE, stage } from './results-fixtures.ts';

const STAGES = [stage(1, 'Dijon → Beaune'), stage(2, 'Beaune → Dole')];
const reg = (
  bib: number,
  firstName: string,
  lastName: string,
  category: string,
  birthYear: number,
  gender = 'F',
) => ({
  id: `reg-${bib}`,
  raceId: 'race-1',
  bib,
  firstName,
  lastName,
  team: null,
  category,
  gender,
  birthYear,
  nationality: null,
  deviceId: null,
  wave: null,
  createdAt: '2024-01-01T00:00:00Z',
});
const REGISTRATIONS = [
  reg(11, 'Annemiek', 'van Vleuten', 'ELITE', 1982),
  reg(21, 'Demi', 'Vollering', 'ELITE', 1996),
  reg(41, 'Marianne', 'Vos', 'MASTERS', 1987),
  // A man on the same start list (a mixed gran fondo): the women's and men's rankings are offered.
  reg(51, 'Wout', 'van Aert', 'ELITE', 1994, 'M'),
];
const row = (rank: number, bib: number, rider: string, team: string, time: number, gap: number) => ({
  rank,
  bib,
  registrationId: `reg-${bib}` as string | null,
  rider,
  team,
  time,
  gap,
  status: null,
  bonus: 0,
  penalty: 0,
});
/** A split at the stage's one intermediate timing point. */
const split = (time: number, rank: number, gap: number) => ({
  checkpointId: 'cp-col',
  name: 'Col du Grand Colombier',
  time,
  rank,
  gap,
});
const STAGE_2 = {
  state: 'official',
  items: [
    { ...row(1, 21, 'Demi Vollering', 'SD Worx', 12000.25, 0), splits: [split(6000.5, 2, 0.5)] },
    { ...row(2, 11, 'Annemiek van Vleuten', 'Movistar', 12030.5, 30.25), splits: [split(6000, 1, 0)] },
    row(3, 41, 'Marianne Vos', 'Jumbo-Visma', 12100, 99.75),
    { ...row(4, 99, 'Late Rider', 'Other', 0, 0), rank: null, time: null, gap: null, status: 'DNF' },
    // Not on the start list as loaded (entered since): linked by the id the row carries, not by bib.
    { ...row(5, 77, 'Newly Entered', 'Other', 0, 0), rank: null, time: null, gap: null, status: 'DNS' },
    // A row the server could not tie to a registration: its name, unlinked.
    {
      ...row(6, 88, 'Unknown Rider', 'Other', 0, 0),
      registrationId: null,
      rank: null,
      time: null,
      gap: null,
      status: 'DNS',
    },
  ],
};

function setup(path: string) {
  const api = fakeFetch((url) => {
    const p = url.pathname;
    if (p === '/api/v1/races/race-1') return RACE;
    if (p === '/api/v1/races/race-1/stages') return { items: STAGES };
    if (p === '/api/v1/races/race-1/registrations') return { items: REGISTRATIONS, total: 3 };
    if (p === '/api/v1/races/race-1/categories')
      return {
        items: [
          {
            id: 'c1',
            raceId: 'race-1',
            code: 'ELITE',
            name: 'Elite',
            kind: 'custom',
            gender: null,
            minAge: null,
            maxAge: null,
          },
          {
            id: 'c2',
            raceId: 'race-1',
            code: 'MASTERS',
            name: 'Masters',
            kind: 'custom',
            gender: null,
            minAge: null,
            maxAge: null,
          },
        ],
      };
    if (p === '/api/v1/stages/st-2/results') {
      // The server keeps the riders of the ranking asked for, each with their place in it.
      if (url.searchParams.get('category') === 'ELITE') {
        return { ...STAGE_2, items: STAGE_2.items.filter((r) => r.bib === 21 || r.bib === 11) };
      }
      if (url.searchParams.get('gender') === 'F') {
        return {
          ...STAGE_2,
          items: [
            { ...row(2, 21, 'Demi Vollering', 'SD Worx', 12000.25, 5), genderRank: 1 },
            { ...row(3, 11, 'Annemiek van Vleuten', 'Movistar', 12030.5, 35.25), genderRank: 2 },
            { ...row(5, 41, 'Marianne Vos', 'Jumbo-Visma', 12100, 104.75), genderRank: 3 },
          ],
        };
      }
      return STAGE_2;
    }
    if (p === '/api/v1/stages/st-1/results') return { state: 'provisional', items: [] };
    if (p === '/api/v1/races/race-1/classifications/general') {
      const items = [
        row(1, 11, 'Annemiek van Vleuten', 'Movistar', 30000, 0),
        row(2, 41, 'Marianne Vos', 'Jumbo-Visma', 30100, 100),
      ];
      return {
        items: url.searchParams.get('category') === 'MASTERS' ? [{ ...items[1], rank: 1, gap: 0 }] : items,
      };
    }
    return undefined; // /api/v1/session: not signed in
  });
  const router = createMemoryRouter([{ path: '/races/:raceId/results', element: <ResultsPage /> }], {
    initialEntries: [path],
  });
  render(
    <I18nextProvider i18n={i18n}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </I18nextProvider>,
  );
  return { ...api, router };
}

const bibs = (table: HTMLElement) =>
  [...table.querySelectorAll('tbody tr')].map((tr) => Number(tr.getAttribute('data-bib')) || null);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ResultsPage', () => {
  it('opens on the last stage raced, with hundredths, gaps, status, rider links and the official badge', async () => {
    setup('/races/race-1/results');
    const table = await screen.findByTestId('results-table');
    expect(bibs(table)).toEqual([21, 11, 41, 99, 77, 88]);
    const second = table.querySelector('tr[data-bib="11"]')!;
    expect(second.textContent).toContain('3:20:30.50');
    expect(second.textContent).toContain('+0:30.25');
    expect(
      within(second as HTMLElement)
        .getByRole('link', { name: 'Annemiek van Vleuten' })
        .getAttribute('href'),
    ).toBe('/riders/reg-11');
    expect(table.querySelector('tr[data-bib="99"]')!.textContent).toContain('DNF');
    expect(within(table).getByRole('link', { name: 'Newly Entered' }).getAttribute('href')).toBe(
      '/riders/reg-77',
    );
    expect(within(table).queryByRole('link', { name: 'Unknown Rider' })).toBeNull();
    expect(within(table).getByText('Unknown Rider')).toBeTruthy();
    expect(screen.getByText('Official')).toBeTruthy();
    // The split at the intermediate timing point: time there (hundredths, as timed) and rank.
    expect(within(table).getByRole('columnheader', { name: 'Col du Grand Colombier' })).toBeTruthy();
    expect(table.querySelector('tr[data-bib="21"]')!.textContent).toContain('1:40:00.50 (2)');
    expect(table.querySelector('tr[data-bib="41"]')!.textContent).toContain('–');
    expect((screen.getByRole('combobox', { name: 'Stage' }) as HTMLSelectElement).value).toBe('st-2');
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/v1/stages/st-2/results?format=csv',
    );
  });

  it('asks the server for the stage result of one category, searches it, and links the same CSV', async () => {
    const { router, asked } = setup('/races/race-1/results?stage=st-2');
    await screen.findByTestId('results-table');

    fireEvent.change(screen.getByRole('combobox', { name: 'Category' }), { target: { value: 'ELITE' } });
    await waitFor(() => expect(bibs(screen.getByTestId('results-table'))).toEqual([21, 11]));
    expect(router.state.location.search).toContain('category=ELITE');
    expect(
      asked.some((u) => u.pathname.endsWith('/st-2/results') && u.searchParams.get('category') === 'ELITE'),
    ).toBe(true);
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/v1/stages/st-2/results?format=csv&category=ELITE',
    );

    fireEvent.change(screen.getByRole('searchbox', { name: 'Find a rider' }), {
      target: { value: 'vleuten' },
    });
    await waitFor(() => expect(bibs(screen.getByTestId('results-table'))).toEqual([11]));
    expect(screen.getByText('1 of 2 shown')).toBeTruthy();

    fireEvent.change(screen.getByRole('searchbox', { name: 'Find a rider' }), {
      target: { value: 'nobody' },
    });
    expect(await screen.findByText('No row matches these filters.')).toBeTruthy();
  });

  it('shows the women’s ranking with each woman’s own place beside her overall rank', async () => {
    const { router } = setup('/races/race-1/results?stage=st-2');
    await screen.findByTestId('results-table');
    const ranking = screen.getByRole('combobox', { name: 'Ranking' }) as HTMLSelectElement;
    expect([...ranking.options].map((o) => o.textContent)).toEqual(['Everyone', 'Women', 'Men']);

    fireEvent.change(ranking, { target: { value: 'F' } });
    await waitFor(() => expect(bibs(screen.getByTestId('results-table'))).toEqual([21, 11, 41]));
    expect(router.state.location.search).toContain('gender=F');
    const table = screen.getByTestId('results-table');
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headers.slice(0, 2)).toEqual(['Rank', 'Women']);
    const places = [...table.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent),
    );
    expect(places).toEqual([
      ['2', '1'],
      ['3', '2'],
      ['5', '3'],
    ]);
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/v1/stages/st-2/results?format=csv&gender=F',
    );
  });

  it('asks the server for a filtered classification and links the same filtered CSV', async () => {
    const { asked } = setup('/races/race-1/results?tab=general');
    await waitFor(() => expect(bibs(screen.getByTestId('results-table'))).toEqual([11, 41]));
    expect(screen.getByRole('tab', { name: 'General' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.queryByRole('combobox', { name: 'Stage' })).toBeNull();

    fireEvent.change(screen.getByRole('combobox', { name: 'Category' }), { target: { value: 'MASTERS' } });
    await waitFor(() => expect(bibs(screen.getByTestId('results-table'))).toEqual([41]));
    expect(
      asked.some(
        (u) =>
          u.pathname.endsWith('/classifications/general') && u.searchParams.get('category') === 'MASTERS',
      ),
    ).toBe(true);
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/v1/races/race-1/classifications/general?format=csv&category=MASTERS',
    );
  });

  it('switches tabs with the arrow keys and says when a stage has no results yet', async () => {
    const { router } = setup('/races/race-1/results?stage=st-1');
    expect(await screen.findByText('No results yet for this stage.')).toBeTruthy();
    expect(screen.queryByTestId('results-table')).toBeNull();
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Stage result' }), { key: 'ArrowRight' });
    await waitFor(() => expect(router.state.location.search).toContain('tab=general'));
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'General' }));
  });
});

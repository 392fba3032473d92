import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../../src/app/session.tsx';
import { i18n } from '../../src/i18n/index.ts';
import ResultsPage from '../../src/pages/results/ResultsPage.tsx';
import { fakeFetch } from '../home/fake-fetch.ts';
import { RACE, stage } from './results-fixtures.ts';

const STAGES = [stage(1, 'Dijon → Beaune'), stage(2, 'Beaune → Dole'), stage(3, 'Dole → Besançon')];
const row = (rank: number, bib: number, rider: string, time: number, gap: number) => ({
  rank,
  bib,
  registrationId: `reg-${bib}`,
  rider,
  team: 'Team',
  time,
  gap,
  status: null,
});
// The latest GC stands after stage 3 (not yet approved); after stage 1 another rider led (approved).
const AFTER = {
  3: {
    state: 'provisional',
    afterStage: { number: 3, name: 'Dole → Besançon' },
    stages: [1, 2, 3],
    items: [row(1, 11, 'Annemiek van Vleuten', 30000, 0), row(2, 41, 'Marianne Vos', 30100, 100)],
  },
  1: {
    state: 'official',
    afterStage: { number: 1, name: 'Dijon → Beaune' },
    stages: [1],
    items: [row(1, 41, 'Marianne Vos', 10000, 0), row(2, 11, 'Annemiek van Vleuten', 10004, 4)],
  },
  // Stage 2's results are not in yet: only stage 1 counted.
  2: {
    state: 'provisional',
    afterStage: { number: 2, name: 'Beaune → Dole' },
    stages: [1],
    items: [row(1, 41, 'Marianne Vos', 10000, 0), row(2, 11, 'Annemiek van Vleuten', 10004, 4)],
  },
};

function setup(path: string, stages = STAGES) {
  const api = fakeFetch((url) => {
    const p = url.pathname;
    if (p === '/api/v1/races/race-1') return RACE;
    if (p === '/api/v1/races/race-1/stages') return { items: stages };
    if (p === '/api/v1/races/race-1/registrations') return { items: [], total: 0 };
    if (p === '/api/v1/races/race-1/categories') return { items: [] };
    if (p === '/api/v1/stages/st-3/results') return { state: 'provisional', items: [] };
    if (/^\/api\/v1\/races\/race-1\/classifications\/(general|points)$/.test(p)) {
      const asked = url.searchParams.get('stage');
      return AFTER[(asked === null ? 3 : Number(asked)) as 1 | 2 | 3];
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

const bibs = () =>
  [...screen.getByTestId('results-table').querySelectorAll('tbody tr')].map((tr) =>
    Number(tr.getAttribute('data-bib')),
  );
const afterStageSelect = () => screen.getByRole('combobox', { name: 'After stage' }) as HTMLSelectElement;
const classificationRequests = (asked: URL[]) =>
  asked.filter((u) => u.pathname.includes('/classifications/')).map((u) => u.pathname + u.search);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ResultsPage: classifications after a stage', () => {
  it('opens on the latest stage with its provisional badge, and asks again after the stage picked', async () => {
    const { asked, router } = setup('/races/race-1/results?tab=general');
    await waitFor(() => expect(bibs()).toEqual([11, 41]));
    expect(afterStageSelect().value).toBe('3');
    expect([...afterStageSelect().options].map((o) => o.textContent)).toEqual([
      'Stage 1 — Dijon → Beaune',
      'Stage 2 — Beaune → Dole',
      'Stage 3 — Dole → Besançon',
    ]);
    expect(screen.getByText('Provisional')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/v1/races/race-1/classifications/general?format=csv',
    );

    fireEvent.change(afterStageSelect(), { target: { value: '1' } });
    await waitFor(() => expect(bibs()).toEqual([41, 11]));
    expect(classificationRequests(asked)).toContain('/api/v1/races/race-1/classifications/general?stage=1');
    expect(router.state.location.search).toContain('after=1');
    expect(afterStageSelect().value).toBe('1');
    expect(screen.getByText('Official')).toBeTruthy();
    expect(screen.queryByText('Provisional')).toBeNull();
    expect(screen.getByText(/As it stood after Stage 1 — Dijon → Beaune/)).toBeTruthy();
    expect(screen.getByRole('table').querySelector('caption')?.textContent).toBe(
      'General after Stage 1 — Dijon → Beaune',
    );
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/v1/races/race-1/classifications/general?format=csv&stage=1',
    );
  });

  it('keeps the stage picked in the address, for every classification tab', async () => {
    const { asked } = setup('/races/race-1/results?tab=points&after=1');
    await waitFor(() => expect(bibs()).toEqual([41, 11]));
    expect(classificationRequests(asked)).toEqual(['/api/v1/races/race-1/classifications/points?stage=1']);
    expect(afterStageSelect().value).toBe('1');
  });

  it('says when the stage picked has no results yet', async () => {
    setup('/races/race-1/results?tab=general&after=2');
    expect(
      await screen.findByText(
        /Stage 2 — Beaune → Dole has no results yet, so only the stages before it count\./,
      ),
    ).toBeTruthy();
    expect(screen.getByText('Provisional')).toBeTruthy();
  });

  it('offers the picker on the classification tabs of a stage race only', async () => {
    const { router } = setup('/races/race-1/results');
    expect(await screen.findByText('No results yet for this stage.')).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'After stage' })).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: 'General' }));
    await waitFor(() => expect(router.state.location.search).toContain('tab=general'));
    expect(await screen.findByRole('combobox', { name: 'After stage' })).toBeTruthy();
    cleanup();

    // One stage: nothing to pick, but the classification still says whether it is final.
    const { asked } = setup('/races/race-1/results?tab=general', STAGES.slice(0, 1));
    await waitFor(() => expect(bibs()).toEqual([11, 41]));
    expect(screen.queryByRole('combobox', { name: 'After stage' })).toBeNull();
    expect(screen.getByText('Provisional')).toBeTruthy();
    expect(classificationRequests(asked)).toEqual(['/api/v1/races/race-1/classifications/general']);
  });
});

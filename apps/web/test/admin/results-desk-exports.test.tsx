import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../src/i18n/index.ts';
import ResultsDeskPage from '../../src/pages/admin/desk/ResultsDeskPage.tsx';

const stage = (id: string, number: number, name: string) => ({
  id,
  number,
  name,
  format: 'road',
  scheduledStart: null,
  finishedAt: null,
});

/** A three-stage race on the desk; each stage's results are empty and provisional. */
function stubApi() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const path = new URL(String(input), 'http://localhost').pathname;
      const bodies: Record<string, unknown> = {
        '/api/v1/races/r1': { id: 'r1', name: 'Tour', status: 'live' },
        '/api/v1/races/r1/stages': {
          items: [stage('s0', 0, 'Prologue'), stage('s1', 1, 'Stage 1'), stage('s2', 2, 'Stage 2')],
        },
      };
      const stageResults = /^\/api\/v1\/stages\/s\d\/results$/.test(path)
        ? { state: 'provisional', items: [] }
        : undefined;
      const body = bodies[path] ?? stageResults;
      return new Response(JSON.stringify(body ?? { title: 'Not Found', status: 404 }), {
        status: body ? 200 : 404,
        headers: { 'content-type': body ? 'application/json' : 'application/problem+json' },
      });
    }),
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('results desk exports', () => {
  it('exports the general classification after the stage picked on the desk', async () => {
    stubApi();
    const router = createMemoryRouter([{ path: '/admin/races/:raceId/desk', element: <ResultsDeskPage /> }], {
      initialEntries: ['/admin/races/r1/desk'],
    });
    render(
      <I18nextProvider i18n={i18n}>
        <RouterProvider router={router} />
      </I18nextProvider>,
    );
    const prologue = await screen.findByRole('link', { name: 'General classification after Prologue (CSV)' });
    expect(prologue.getAttribute('href')).toBe('/api/v1/races/r1/classifications/general?stage=0&format=csv');

    fireEvent.change(screen.getByLabelText('Stage'), { target: { value: 's2' } });
    const second = await screen.findByRole('link', { name: 'General classification after Stage 2 (CSV)' });
    expect(second.getAttribute('href')).toBe('/api/v1/races/r1/classifications/general?stage=2&format=csv');
    expect(screen.getByRole('link', { name: 'Stage results (CSV)' }).getAttribute('href')).toBe(
      '/api/v1/stages/s2/results?format=csv',
    );
  });
});

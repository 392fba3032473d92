import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../src/i18n/index.ts';
import ResultsDeskPage from '../../src/pages/admin/desk/ResultsDeskPage.tsx';

const row = {
  rank: 1,
  bib: 7,
  registrationId: '00000000-0000-4000-8000-000000000007',
  rider: 'Ann Example',
  team: null,
  time: 3600,
  gap: 0,
  bonus: 0,
  penalty: 0,
  status: null,
};

/** One stage whose results are official until the reopening the desk sends. */
function stubApi() {
  let state = 'official';
  const sent: Array<{ method: string; path: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input), 'http://localhost').pathname;
      const method = init?.method ?? 'GET';
      if (method !== 'GET')
        sent.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : null });
      if (method === 'POST' && path === '/api/v1/stages/s1/results/reopen') state = 'provisional';
      const bodies: Record<string, unknown> = {
        '/api/v1/races/r1': { id: 'r1', name: 'Tour', status: 'finished' },
        '/api/v1/races/r1/stages': {
          items: [
            { id: 's1', number: 1, name: 'Stage 1', format: 'road', scheduledStart: null, finishedAt: 1 },
          ],
        },
        '/api/v1/stages/s1/results': { state, items: [row] },
        '/api/v1/stages/s1/decisions': { items: [] },
        '/api/v1/stages/s1/results/reopen': { state: 'provisional' },
      };
      const body = bodies[path];
      return new Response(JSON.stringify(body ?? { title: 'Not Found', status: 404 }), {
        status: body ? 200 : 404,
        headers: { 'content-type': body ? 'application/json' : 'application/problem+json' },
      });
    }),
  );
  return sent;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('results desk reopening', () => {
  it('reopens official results with the reason given, then shows them provisional', async () => {
    const sent = stubApi();
    vi.stubGlobal('confirm', () => true);
    const router = createMemoryRouter([{ path: '/admin/races/:raceId/desk', element: <ResultsDeskPage /> }], {
      initialEntries: ['/admin/races/r1/desk'],
    });
    render(
      <I18nextProvider i18n={i18n}>
        <RouterProvider router={router} />
      </I18nextProvider>,
    );
    expect((await screen.findByTestId('results-state')).textContent).toBe('These results are official.');
    expect(screen.queryByRole('button', { name: 'Approve: make the results official' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'Rider 7’s recording arrived' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reopen the official results' }));

    await waitFor(() =>
      expect(screen.getByTestId('results-state').textContent).toBe('These results are provisional.'),
    );
    expect(sent).toEqual([
      {
        method: 'POST',
        path: '/api/v1/stages/s1/results/reopen',
        body: { reason: 'Rider 7’s recording arrived' },
      },
    ]);
    expect(screen.queryByRole('button', { name: 'Reopen the official results' })).toBeNull();
  });
});

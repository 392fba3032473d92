import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../src/i18n/index.ts';
import { ManualPassing } from '../../src/pages/admin/control/ManualPassing.tsx';

const checkpoint = (id: string, kind: string, name: string, distance: number) => ({
  id,
  stageId: 'st-1',
  kind,
  name,
  distance,
  lat: 45,
  lon: 5,
  climbCategory: null,
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('race control’s manual passing', () => {
  it('offers every timing point of the stage, the finish first chosen, and sends the one picked', async () => {
    const sent: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const path = new URL(String(input), 'http://localhost').pathname;
        if (init?.method === 'POST') sent.push(JSON.parse(String(init.body)));
        const body =
          path === '/api/v1/stages/st-1/checkpoints'
            ? {
                // Listed as stored, not in course order.
                items: [
                  checkpoint('cp-finish', 'finish', 'Finish', 120_000),
                  checkpoint('cp-start', 'start', 'Start', 0),
                  checkpoint('cp-col', 'climb', 'Col de la Croix', 80_000),
                  checkpoint('cp-km40', 'timing', 'Km 40', 40_000),
                ],
              }
            : path === '/api/v1/races/r1/registrations'
              ? { items: [{ id: 'reg-7', bib: 7, firstName: 'Ana', lastName: 'Right' }], total: 1 }
              : { imported: 1 };
        return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
      }),
    );
    render(
      <I18nextProvider i18n={i18n}>
        <ManualPassing stageId="st-1" raceId="r1" />
      </I18nextProvider>,
    );
    const point = (await screen.findByRole('combobox', { name: 'Timing point' })) as HTMLSelectElement;
    await waitFor(() => expect(point.options).toHaveLength(4));
    expect([...point.options].map((o) => o.textContent)).toEqual([
      'Start (km 0.0)',
      'Km 40 (km 40.0)',
      'Col de la Croix (km 80.0)',
      'Finish (km 120.0)',
    ]);
    expect(point.value).toBe('cp-finish');

    fireEvent.change(point, { target: { value: 'cp-col' } });
    const rider = screen.getByRole('combobox', { name: 'Rider' });
    await waitFor(() => expect(within(rider).getAllByRole('option')).toHaveLength(2));
    fireEvent.change(rider, { target: { value: '7' } });
    fireEvent.change(screen.getByLabelText('Time'), { target: { value: '2030-07-10T13:42:07.250' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record passing' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual([
      { bib: 7, point: 'cp-col', time: new Date('2030-07-10T13:42:07.250').toISOString() },
    ]);
  });
});

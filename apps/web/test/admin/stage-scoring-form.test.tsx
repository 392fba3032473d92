import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseScale } from '../../src/admin/scoring-edit.ts';
import type { StageListItem } from '../../src/api/races-types.ts';
import { i18n } from '../../src/i18n/index.ts';
import { StageEditForm } from '../../src/pages/admin/wizard/StageEditForm.tsx';

type Call = { method: string; path: string; body: unknown };

/** fetch answered by `answer(call)`; every call recorded. */
function stubApi(answer: (call: Call) => { status: number; body?: unknown }) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const call = {
        method: init?.method ?? 'GET',
        path: new URL(String(input), 'http://localhost').pathname,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      calls.push(call);
      const { status, body } = answer(call);
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
      });
    }),
  );
  return calls;
}

/** A road stage already raced, with the server's whole scoring (defaults and one format setting). */
const SCORING = {
  sameTimeThreshold: 1,
  finishBonus: [],
  sprintBonus: [],
  finishPoints: [],
  sprintPoints: [],
  timeLimitPercent: null,
  finalKmDistance: 3000,
  summitFinish: false,
  countingRider: 4,
  timingBasis: 'chip',
  freeLapCutoff: 8000,
  pointsRace: { sprintEvery: 10, sprintPoints: [5, 3, 2, 1], finalMultiplier: 2, lapGain: 20, lapLoss: 20 },
  eliminateEvery: 1,
  targetMinutes: null,
  pullFraction: 0.8,
  pullRule: true,
  brevetKm: null,
};
const STAGE = {
  id: 's1',
  raceId: 'r1',
  number: 1,
  name: 'Stage one',
  format: 'road_race',
  scheduledStart: null,
  lapCount: 1,
  waves: [],
  hasCourse: true,
  course: null,
  startedAt: Date.parse('2030-07-10T10:00:00Z'),
  finishedAt: null,
  scoring: SCORING,
  createdAt: '2030-01-01T00:00:00.000Z',
} as unknown as StageListItem;

function showForm() {
  const onSaved = vi.fn();
  render(
    <I18nextProvider i18n={i18n}>
      <StageEditForm stage={STAGE} onSaved={onSaved} onCancel={() => {}} />
    </I18nextProvider>,
  );
  return onSaved;
}

const type = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByRole('textbox', { name: label }), { target: { value } });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('a stage’s scoring settings in its edit form', () => {
  it('sends the bonuses, points, mountain scales, time limit and same-time gap, keeping the rest', async () => {
    const calls = stubApi(() => ({ status: 200, body: STAGE }));
    const onSaved = showForm();
    type('Bonus seconds at the finish', '10, 6, 4');
    type('Bonus seconds at each sprint', '3 2 1');
    type('Points at the finish', '50,30,20');
    type('Points at each sprint', '20, 17, 15');
    type('Mountain points, category 1 climbs', '10, 8, 6, 4, 2, 1');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Time limit (% of the winner’s time)' }), {
      target: { value: '12' },
    });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Same-time gap (seconds)' }), {
      target: { value: '3' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(calls).toEqual([
      {
        method: 'PATCH',
        path: '/api/v1/stages/s1',
        body: {
          scoring: {
            ...SCORING,
            finishBonus: [10, 6, 4],
            sprintBonus: [3, 2, 1],
            finishPoints: [50, 30, 20],
            sprintPoints: [20, 17, 15],
            // The categories left empty keep the Tour de France scales the server would use.
            mountainPoints: {
              HC: [20, 15, 12, 10, 8, 6, 4, 2],
              '1': [10, 8, 6, 4, 2, 1],
              '2': [5, 3, 2, 1],
              '3': [2, 1],
              '4': [1],
            },
            timeLimitPercent: 12,
            sameTimeThreshold: 3,
          },
        },
      },
    ]);
  });

  it('shows the server’s refusal under the setting it is about', async () => {
    stubApi(() => ({
      status: 400,
      body: {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'Invalid body: scoring.finishBonus.1: expected number',
        errors: [{ pointer: '/scoring/finishBonus/1', detail: 'expected number, received null' }],
      },
    }));
    showForm();
    type('Bonus seconds at the finish', '10, six');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const input = screen.getByRole('textbox', { name: 'Bonus seconds at the finish' });
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    const field = input.parentElement as HTMLElement;
    expect(within(field).getByText('expected number, received null')).toBeTruthy();
  });

  it('reads scales as typed, a word that is no number kept for the server to point at', () => {
    expect(parseScale('10, 6,4')).toEqual([10, 6, 4]);
    expect(parseScale(' ')).toEqual([]);
    expect(parseScale('2.5; x')).toEqual([2.5, Number.NaN]);
  });
});

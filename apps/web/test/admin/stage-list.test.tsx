import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localDateTime } from '../../src/admin/stage-edit.ts';
import type { StageListItem } from '../../src/api/races-types.ts';
import { i18n } from '../../src/i18n/index.ts';
import { StagesStep } from '../../src/pages/admin/wizard/StagesStep.tsx';

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
      return new Response(status === 204 ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
      });
    }),
  );
  return calls;
}

const stage = (over: Partial<StageListItem>): StageListItem =>
  ({
    id: 's1',
    raceId: 'r1',
    number: 1,
    name: 'Stage one',
    format: 'road_race',
    status: 'scheduled',
    scheduledStart: '2030-07-10T10:00:00.000Z',
    lapCount: 1,
    waves: [],
    hasCourse: true,
    course: null,
    startedAt: null,
    finishedAt: null,
    scoring: {},
    createdAt: '2030-01-01T00:00:00.000Z',
    ...over,
  }) as StageListItem;

const PROLOGUE = stage({ id: 's0', number: 0, name: 'Prologue', format: 'individual_time_trial' });
const RIDDEN = stage({ id: 's1', number: 1, name: 'Ridden', startedAt: Date.parse('2030-07-10T10:00:00Z') });

function showList(stages: StageListItem[]) {
  const onChanged = vi.fn();
  render(
    <I18nextProvider i18n={i18n}>
      <StagesStep raceId="r1" stages={stages} onChanged={onChanged} />
    </I18nextProvider>,
  );
  return onChanged;
}

const problem = (status: number, detail: string, errors?: unknown[]) => ({
  status,
  body: { type: 'about:blank', title: 'Conflict', status, detail, ...(errors && { errors }) },
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('editing a stage in the wizard’s list', () => {
  it('opens a form on the stage, sends only what changed, and gives the focus back to Edit', async () => {
    const calls = stubApi(() => ({ status: 200, body: PROLOGUE }));
    const onChanged = showList([PROLOGUE]);
    fireEvent.click(screen.getByRole('button', { name: 'Edit stage 0: Prologue' }));
    const form = screen.getByRole('form', { name: 'Edit stage 0: Prologue' });
    const name = within(form).getByLabelText('Stage name');
    expect(document.activeElement).toBe(name);
    expect(within(form).getByLabelText<HTMLInputElement>('Scheduled start').value).toBe(
      localDateTime(PROLOGUE.scheduledStart),
    );

    fireEvent.change(name, { target: { value: 'Opening circuit' } });
    fireEvent.change(within(form).getByLabelText('Number (0 for a prologue)'), { target: { value: '1' } });
    fireEvent.change(within(form).getByLabelText('Format'), { target: { value: 'criterium' } });
    fireEvent.change(within(form).getByLabelText('Laps'), { target: { value: '12' } });
    fireEvent.change(within(form).getByLabelText('Scheduled start'), {
      target: { value: '2030-07-09T18:30' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(calls).toEqual([
      {
        method: 'PATCH',
        path: '/api/v1/stages/s0',
        body: {
          name: 'Opening circuit',
          number: 1,
          format: 'criterium',
          lapCount: 12,
          scheduledStart: new Date('2030-07-09T18:30').toISOString(),
        },
      },
    ]);
    expect(screen.queryByRole('form', { name: /Edit stage/ })).toBeNull();
    // The focus moves in an effect once the row is back on screen: after the render, not with it.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit stage 0: Prologue' })),
    );
  });

  it('shows the server’s refusal under the field and keeps the form open', async () => {
    stubApi(() =>
      problem(409, 'Stage 1 exists already in this race', [
        { pointer: '/number', detail: 'Stage 1 exists already in this race' },
      ]),
    );
    const onChanged = showList([PROLOGUE]);
    fireEvent.click(screen.getByRole('button', { name: 'Edit stage 0: Prologue' }));
    const form = screen.getByRole('form', { name: 'Edit stage 0: Prologue' });
    const number = within(form).getByLabelText('Number (0 for a prologue)');
    fireEvent.change(number, { target: { value: '1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(number.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = number.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe('Stage 1 exists already in this race');
    expect(onChanged).not.toHaveBeenCalled();
    expect(screen.getByRole('form', { name: 'Edit stage 0: Prologue' })).toBeTruthy();
  });

  it('closes on Escape without a request, and on saving nothing changed', async () => {
    const calls = stubApi(() => ({ status: 200, body: PROLOGUE }));
    showList([PROLOGUE]);
    const edit = screen.getByRole('button', { name: 'Edit stage 0: Prologue' });
    fireEvent.click(edit);
    fireEvent.keyDown(screen.getByLabelText('Laps'), { key: 'Escape' });
    expect(screen.queryByRole('form', { name: /Edit stage/ })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit stage 0: Prologue' }));

    fireEvent.click(screen.getByRole('button', { name: 'Edit stage 0: Prologue' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.queryByRole('form', { name: /Edit stage/ })).toBeNull();
    expect(calls).toEqual([]);
  });

  it('fixes the number, format and laps of a started stage, saying why', () => {
    stubApi(() => ({ status: 200, body: RIDDEN }));
    showList([RIDDEN]);
    fireEvent.click(screen.getByRole('button', { name: 'Edit stage 1: Ridden' }));
    const form = screen.getByRole('form', { name: 'Edit stage 1: Ridden' });
    expect(within(form).getByText(/its number, format and laps can no longer change/)).toBeTruthy();
    for (const label of ['Number (0 for a prologue)', 'Format', 'Laps'])
      expect(within(form).getByLabelText<HTMLInputElement>(label).disabled, label).toBe(true);
    expect(within(form).getByLabelText<HTMLInputElement>('Stage name').disabled).toBe(false);
  });
});

describe('deleting a stage from the wizard’s list', () => {
  it('asks first, deletes on yes (204), says so and moves the focus to the list’s heading', async () => {
    const calls = stubApi(() => ({ status: 204 }));
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    const onChanged = showList([PROLOGUE]);
    const remove = screen.getByRole('button', { name: 'Delete stage 0: Prologue' });

    fireEvent.click(remove);
    expect(confirm).toHaveBeenCalledWith(
      'Delete stage 0: Prologue? Its course and checkpoints are deleted with it.',
    );
    expect(calls).toEqual([]);

    fireEvent.click(remove);
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(calls).toEqual([{ method: 'DELETE', path: '/api/v1/stages/s0', body: undefined }]);
    expect(screen.getByText('Stage 0: Prologue deleted.').getAttribute('role')).toBe('status');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Stages' }));
  });

  it('disables Delete on a started stage, with the reason beside it', () => {
    showList([RIDDEN]);
    const remove = screen.getByRole<HTMLButtonElement>('button', { name: 'Delete stage 1: Ridden' });
    expect(remove.disabled).toBe(true);
    const reason = document.getElementById(remove.getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toBe('Started: a stage that has been ridden cannot be deleted.');
  });

  it('shows the server’s reason when it refuses (results stored)', async () => {
    stubApi(() => problem(409, 'Stage 0 has stored results; a stage with results cannot be deleted'));
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const onChanged = showList([PROLOGUE]);
    fireEvent.click(screen.getByRole('button', { name: 'Delete stage 0: Prologue' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Stage 0 has stored results; a stage with results cannot be deleted',
    );
    expect(onChanged).not.toHaveBeenCalled();
  });
});

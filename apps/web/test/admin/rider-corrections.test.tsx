import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RegistrationView } from '../../src/api/types.ts';
import { i18n } from '../../src/i18n/index.ts';
import { RiderCorrections } from '../../src/pages/admin/wizard/RiderCorrections.tsx';

type Call = { method: string; path: string; body: unknown };

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

const RIDER: RegistrationView = {
  id: '00000000-0000-4000-8000-000000000007',
  raceId: 'r1',
  bib: 7,
  firstName: 'Ana',
  lastName: 'Typo',
  team: 'Red',
  category: 'ELITE',
  gender: null,
  birthYear: 1990,
  nationality: null,
  deviceId: 'phone-7',
  wave: null,
  createdAt: '2030-01-01T00:00:00.000Z',
};

function show() {
  const onChanged = vi.fn();
  render(
    <I18nextProvider i18n={i18n}>
      <RiderCorrections rider={RIDER} categories={['ELITE', 'U23']} onChanged={onChanged} />
    </I18nextProvider>,
  );
  return onChanged;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('correcting a start-list entry during the race', () => {
  it('sends only the fields corrected: name, team, category, gender, bib and tracker', async () => {
    const calls = stubApi(() => ({ status: 200, body: RIDER }));
    const onChanged = show();
    fireEvent.click(screen.getByRole('button', { name: 'Edit Ana Typo' }));
    const form = screen.getByRole('form', { name: 'Edit Ana Typo' });
    const field = (name: string) => within(form).getByLabelText(name);
    fireEvent.change(field('Last name'), { target: { value: 'Right ' } });
    fireEvent.change(field('Team'), { target: { value: '' } });
    fireEvent.change(field('Category'), { target: { value: 'U23' } });
    fireEvent.change(field('Gender'), { target: { value: 'F' } });
    fireEvent.change(field('Bib'), { target: { value: '17' } });
    fireEvent.change(field('Device id'), { target: { value: 'phone-17' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(calls).toEqual([
      {
        method: 'PATCH',
        path: `/api/v1/registrations/${RIDER.id}`,
        body: { bib: 17, lastName: 'Right', team: null, category: 'U23', gender: 'F', deviceId: 'phone-17' },
      },
    ]);
    expect(screen.queryByRole('form', { name: 'Edit Ana Typo' })).toBeNull();
  });

  it('withdraws the rider with a status and the reason, and shows a refusal from the server', async () => {
    let refuse = true;
    const calls = stubApi(() =>
      refuse
        ? {
            status: 409,
            body: {
              type: 'about:blank',
              title: 'Conflict',
              status: 409,
              detail: 'The stage’s results are official; they can no longer change',
            },
          }
        : { status: 201, body: { id: 'd1' } },
    );
    const onChanged = show();
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw Ana Typo' }));
    const form = screen.getByRole('form', { name: 'Withdraw Ana Typo' });
    fireEvent.change(within(form).getByLabelText('Status'), { target: { value: 'DNS' } });
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: 'Sick overnight' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Withdraw' }));
    expect(await within(form).findByRole('alert')).toHaveProperty(
      'textContent',
      'The stage’s results are official; they can no longer change',
    );
    expect(onChanged).not.toHaveBeenCalled();
    refuse = false;
    fireEvent.click(within(form).getByRole('button', { name: 'Withdraw' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(calls.at(-1)).toEqual({
      method: 'POST',
      path: `/api/v1/registrations/${RIDER.id}/withdrawal`,
      body: { status: 'DNS', reason: 'Sick overnight' },
    });
    expect(screen.getByRole('status').textContent).toBe('Ana Typo withdrawn (DNS).');
  });
});

import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RegistrationRiderView } from '../../src/api/races-types.ts';
import { i18n } from '../../src/i18n/index.ts';
import { StartListStep } from '../../src/pages/admin/wizard/StartListStep.tsx';
import { type Call, fakeStartListApi, RACE, type Reply, registration } from './start-list-fake.ts';

const ANNA = '00000000-0000-4000-8000-000000000001';
const BEA = '00000000-0000-4000-8000-000000000002';
const annaAccount: RegistrationRiderView = {
  registrationId: ANNA,
  userId: '00000000-0000-4000-8000-0000000000a1',
  name: 'Anna A.',
  email: 'anna@example.org',
};

/**
 * The start list's API: two riders, the linked accounts in `linked`, and the rider-link endpoints
 * answered by `onRider` (which may change `linked`, as the server would). Every call is recorded.
 */
function stubStartList(
  linked: RegistrationRiderView[],
  onRider: (call: Call) => Reply,
  invitations: unknown[] = [],
) {
  return fakeStartListApi({
    registrations: [registration(ANNA, 1, 'Anna', 'Alpha'), registration(BEA, 2, 'Bea', 'Beta')],
    riders: () => ({ items: [...linked], invitations }),
    answer: (call) =>
      call.path.endsWith('/rider')
        ? onRider(call)
        : { status: 404, body: { title: 'Not Found', status: 404, detail: 'nothing here' } },
  });
}

function showStartList() {
  const router = createMemoryRouter([{ path: '*', element: <StartListStep raceId={RACE} waves={[]} /> }]);
  render(
    <I18nextProvider i18n={i18n}>
      <RouterProvider router={router} />
    </I18nextProvider>,
  );
}

const rowOf = async (name: string) => (await screen.findByText(name, { exact: false })).closest('tr')!;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('rider accounts on the start list', () => {
  it('shows which account rides each registration, next to the phone pairing link', async () => {
    stubStartList([annaAccount], () => ({ status: 500 }));
    showStartList();
    expect(await screen.findByRole('columnheader', { name: 'Rider account' })).toBeTruthy();
    const anna = await rowOf('Anna Alpha');
    await waitFor(() => expect(anna.textContent).toContain('Anna A. (anna@example.org)'));
    expect(within(anna).getByRole('button', { name: 'Unlink Anna A. from Anna Alpha' })).toBeTruthy();
    expect(within(anna).getByRole('link', { name: 'Pair a phone' }).getAttribute('href')).toBe(
      `/ride/setup/${ANNA}`,
    );
    const bea = await rowOf('Bea Beta');
    expect(bea.textContent).toContain('Not linked');
    expect(within(bea).getByRole('button', { name: 'Link an account to Bea Beta' })).toBeTruthy();
  });

  it('shows a registration’s pending rider invitation in its row', async () => {
    const invitation = {
      id: '00000000-0000-4000-8000-0000000000b1',
      email: 'bea@example.org',
      role: 'rider',
      registrationId: BEA,
      invitedBy: 'Org',
      createdAt: '2024-07-01T00:00:00.000Z',
      expiresAt: '2099-07-08T00:00:00.000Z',
    };
    stubStartList([annaAccount], () => ({ status: 500 }), [invitation]);
    showStartList();
    const bea = await rowOf('Bea Beta');
    await waitFor(() => expect(bea.textContent).toContain('Invited (pending): bea@example.org'));
    expect((await rowOf('Anna Alpha')).textContent).not.toContain('Invited');
  });

  it('links by e-mail, with the server’s problem under the field, then offers Unlink', async () => {
    const linked = [annaAccount];
    const calls = stubStartList(linked, ({ method, body }) => {
      const email = (body as { email: string }).email;
      if (method === 'PUT' && email === 'bea@example.org') {
        linked.push({
          registrationId: BEA,
          userId: '00000000-0000-4000-8000-0000000000b1',
          name: 'Bea B.',
          email,
        });
        return { status: 204 };
      }
      const detail = `No active account with ${email}: the rider needs an Echelon account first`;
      return {
        status: 422,
        body: {
          title: 'Unprocessable Content',
          status: 422,
          detail,
          errors: [{ pointer: '/email', detail }],
        },
      };
    });
    showStartList();
    const bea = await rowOf('Bea Beta');
    fireEvent.click(await within(bea).findByRole('button', { name: 'Link an account to Bea Beta' }));
    const field = within(bea).getByLabelText('E-mail of Bea Beta’s account');
    expect(document.activeElement).toBe(field);

    fireEvent.change(field, { target: { value: 'nobody@example.org' } });
    fireEvent.click(within(bea).getByRole('button', { name: 'Link' }));
    const problem = await within(bea).findByText(/No active account with nobody@example.org/);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(problem.id);
    // Said once, under the field, not again as the form's message.
    expect(within(bea).queryByRole('alert')).toBeNull();

    fireEvent.change(field, { target: { value: ' bea@example.org ' } });
    fireEvent.submit(field.closest('form')!);
    await waitFor(() => expect(bea.textContent).toContain('Bea B. (bea@example.org)'));
    expect(calls.filter((c) => c.method === 'PUT').map((c) => [c.path, c.body])).toEqual([
      [`/api/v1/registrations/${BEA}/rider`, { email: 'nobody@example.org' }],
      [`/api/v1/registrations/${BEA}/rider`, { email: 'bea@example.org' }],
    ]);
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(bea).getByRole('button', { name: 'Unlink Bea B. from Bea Beta' }),
      ),
    );
  });

  it('unlinks, and shows a refusal beside the button', async () => {
    const linked = [annaAccount];
    let refuse = true;
    const calls = stubStartList(linked, () => {
      if (refuse) {
        refuse = false;
        return {
          status: 403,
          body: { title: 'Forbidden', status: 403, detail: 'Only the race’s organisers' },
        };
      }
      linked.pop();
      return { status: 204 };
    });
    showStartList();
    const anna = await rowOf('Anna Alpha');
    const unlink = await within(anna).findByRole('button', { name: 'Unlink Anna A. from Anna Alpha' });
    fireEvent.click(unlink);
    expect((await within(anna).findByRole('alert')).textContent).toBe('Only the race’s organisers');
    fireEvent.click(unlink);
    await waitFor(() => expect(anna.textContent).toContain('Not linked'));
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([
      `/api/v1/registrations/${ANNA}/rider`,
      `/api/v1/registrations/${ANNA}/rider`,
    ]);
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(anna).getByRole('button', { name: 'Link an account to Anna Alpha' }),
      ),
    );
  });

  it('closes the form with Escape or Cancel and gives the focus back to Link account', async () => {
    const calls = stubStartList([], () => ({ status: 500 }));
    showStartList();
    const bea = await rowOf('Bea Beta');
    const open = await within(bea).findByRole('button', { name: 'Link an account to Bea Beta' });
    fireEvent.click(open);
    fireEvent.keyDown(within(bea).getByLabelText('E-mail of Bea Beta’s account'), { key: 'Escape' });
    expect(within(bea).queryByRole('form')).toBeNull();
    const again = within(bea).getByRole('button', { name: 'Link an account to Bea Beta' });
    expect(document.activeElement).toBe(again);
    fireEvent.click(again);
    fireEvent.click(within(bea).getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(
      within(bea).getByRole('button', { name: 'Link an account to Bea Beta' }),
    );
    expect(calls.some((c) => c.method !== 'GET')).toBe(false);
  });
});

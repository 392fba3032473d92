import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RiderInvitationView } from '../../src/api/races-types.ts';
import { i18n } from '../../src/i18n/index.ts';
import { RiderAccount } from '../../src/pages/admin/wizard/RiderAccount.tsx';
import { StartListStep } from '../../src/pages/admin/wizard/StartListStep.tsx';
import { landingOf } from '../../src/pages/invite/InvitePage.tsx';
import { type Call, fakeStartListApi, RACE, type Reply, registration } from './start-list-fake.ts';

const BEA = '00000000-0000-4000-8000-000000000002';
const LINK = 'http://localhost:3000/invite?token=ech_inv_secret';
const bea = registration(BEA, 2, 'Bea', 'Beta');
const pending: RiderInvitationView = {
  id: '00000000-0000-4000-8000-0000000000c1',
  email: 'bea@example.org',
  role: 'rider',
  registrationId: BEA,
  invitedBy: 'Olga Organiser',
  createdAt: '2024-07-01T00:00:00.000Z',
  expiresAt: '2024-07-08T00:00:00.000Z',
};

const problem = (status: number, detail: string, pointer?: string): Reply => ({
  status,
  body: {
    title: 'Problem',
    status,
    detail,
    ...(pointer && { errors: [{ pointer, detail }] }),
  },
});

/** The API as the start list and its rider controls call it; `answer` replies to everything else. */
function stubApi(answer: (call: Call) => Reply) {
  return fakeStartListApi({
    registrations: [bea],
    riders: () => ({ items: [], invitations: [] }),
    answer,
  });
}

const created = (email: string) => ({ ...pending, email, link: LINK });

function inRouter(element: React.ReactElement) {
  const router = createMemoryRouter([{ path: '*', element }]);
  render(
    <I18nextProvider i18n={i18n}>
      <RouterProvider router={router} />
    </I18nextProvider>,
  );
}

/** Opens Bea's link form and asks to link `email`. */
async function tryToLink(email: string) {
  const row = (await screen.findByText('Bea Beta', { exact: false })).closest('tr')!;
  fireEvent.click(await within(row).findByRole('button', { name: 'Link an account to Bea Beta' }));
  const field = within(row).getByLabelText('E-mail of Bea Beta’s account');
  fireEvent.change(field, { target: { value: email } });
  fireEvent.click(within(row).getByRole('button', { name: 'Link' }));
  return { row, field };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('inviting a rider from the start list', () => {
  it('offers to invite when no account has the address, and shows the link to copy', async () => {
    const calls = stubApi(({ method, path, body }) => {
      if (method === 'PUT' && path.endsWith('/rider'))
        return problem(422, 'No account with nobody@example.org', '/email');
      if (method === 'POST' && path.endsWith('/rider-invitation'))
        return { status: 201, body: created((body as { email: string }).email) };
      return problem(404, 'nothing here');
    });
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    inRouter(<StartListStep raceId={RACE} waves={[]} />);
    const { row } = await tryToLink('nobody@example.org');

    const invite = await within(row).findByRole('button', { name: 'Invite Bea Beta' });
    expect(invite.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(invite.getAttribute('aria-describedby')!)?.textContent).toContain(
      'If Bea Beta has no Echelon account yet',
    );
    // The offer is no alert: the field's problem is said once, under it.
    expect(within(row).queryByRole('alert')).toBeNull();
    fireEvent.click(invite);

    const link = (await within(row).findByLabelText(
      'Invitation link for Bea Beta (nobody@example.org)',
    )) as HTMLInputElement;
    expect(link.value).toBe(LINK);
    expect(link.readOnly).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(link));
    fireEvent.click(within(row).getByRole('button', { name: 'Copy link' }));
    await waitFor(() =>
      expect(within(row).getByRole('status').textContent).toBe('Link copied to the clipboard.'),
    );
    expect(writeText).toHaveBeenCalledWith(LINK);
    expect(calls.filter((c) => c.method !== 'GET').map((c) => [c.method, c.path, c.body])).toEqual([
      ['PUT', `/api/v1/registrations/${BEA}/rider`, { email: 'nobody@example.org' }],
      ['POST', `/api/v1/registrations/${BEA}/rider-invitation`, { email: 'nobody@example.org' }],
    ]);
    // The start list reloads its accounts and invitations.
    expect(calls.filter((c) => c.path.endsWith('/registration-riders'))).toHaveLength(2);

    fireEvent.click(within(row).getByRole('button', { name: 'Done' }));
    expect(within(row).queryByLabelText(/Invitation link/)).toBeNull();
  });

  it('offers no invitation for other refusals', async () => {
    stubApi(({ method, body }) => {
      const email = (body as { email?: string } | undefined)?.email;
      if (method !== 'PUT') return problem(404, 'nothing here');
      return email === 'nobody@example.org'
        ? problem(422, 'No account with nobody@example.org', '/email')
        : problem(409, `${email} already rides bib 1 in this race`, '/email');
    });
    inRouter(<StartListStep raceId={RACE} waves={[]} />);
    const { row, field } = await tryToLink('nobody@example.org');
    await within(row).findByRole('button', { name: 'Invite Bea Beta' });
    fireEvent.change(field, { target: { value: 'someone@example.org' } });
    fireEvent.submit(field.closest('form')!);
    await within(row).findByText(/already rides bib 1/);
    expect(within(row).queryByRole('button', { name: 'Invite Bea Beta' })).toBeNull();
  });

  it('hides the offer when the address changes, and shows the invitation’s refusal under the field', async () => {
    stubApi(({ method }) =>
      method === 'PUT'
        ? problem(422, 'No account with that address', '/email')
        : problem(409, 'taken@example.org already has an Echelon account: link it instead', '/email'),
    );
    inRouter(<StartListStep raceId={RACE} waves={[]} />);
    const { row, field } = await tryToLink('taken@example.org');
    const invite = await within(row).findByRole('button', { name: 'Invite Bea Beta' });
    fireEvent.change(field, { target: { value: 'other@example.org' } });
    expect(within(row).queryByRole('button', { name: 'Invite Bea Beta' })).toBeNull();
    fireEvent.change(field, { target: { value: 'taken@example.org' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Invite Bea Beta' }));
    const refusal = await within(row).findByText(/already has an Echelon account/);
    expect(field.getAttribute('aria-describedby')).toBe(refusal.id);
    expect(within(row).queryByRole('button', { name: 'Invite Bea Beta' })).toBeNull();
    expect(invite.isConnected).toBe(false);
  });
});

describe('a registration’s pending invitation', () => {
  function showPending(onChanged = vi.fn()) {
    render(
      <I18nextProvider i18n={i18n}>
        <RiderAccount
          registrationId={BEA}
          name="Bea Beta"
          linked={undefined}
          invitation={pending}
          onChanged={onChanged}
        />
      </I18nextProvider>,
    );
    return onChanged;
  }

  it('says the rider is invited, pending, and revokes it', async () => {
    const calls = stubApi(({ method }) => (method === 'DELETE' ? { status: 204 } : problem(404, 'no')));
    const onChanged = showPending();
    expect(document.body.textContent).toContain('Invited (pending): bea@example.org');
    fireEvent.click(
      screen.getByRole('button', { name: 'Revoke the invitation of bea@example.org for Bea Beta' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls.map((c) => [c.method, c.path])).toEqual([
      ['DELETE', `/api/v1/registrations/${BEA}/rider-invitation`],
    ]);
  });

  it('makes a new link for the same address, shown to copy', async () => {
    const calls = stubApi(({ method, body }) =>
      method === 'POST'
        ? { status: 201, body: created((body as { email: string }).email) }
        : problem(404, 'no'),
    );
    const onChanged = showPending();
    fireEvent.click(screen.getByRole('button', { name: 'New invitation link for Bea Beta' }));
    const link = (await screen.findByLabelText(
      'Invitation link for Bea Beta (bea@example.org)',
    )) as HTMLInputElement;
    expect(link.value).toBe(LINK);
    expect(onChanged).toHaveBeenCalled();
    expect(calls.map((c) => [c.method, c.body])).toEqual([['POST', { email: 'bea@example.org' }]]);
    // Done gives the focus back to the invitation's own controls.
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Revoke the invitation of bea@example.org for Bea Beta' }),
    );
  });

  it('shows a refusal beside the buttons', async () => {
    stubApi(() => problem(403, 'Only the race’s organisers and administrators can change it'));
    showPending();
    fireEvent.click(
      screen.getByRole('button', { name: 'Revoke the invitation of bea@example.org for Bea Beta' }),
    );
    expect((await screen.findByRole('alert')).textContent).toContain('Only the race’s organisers');
  });
});

describe('after accepting an invitation', () => {
  const session = (role: 'rider' | 'organiser', registrationId: string | null) => ({
    user: {
      id: '00000000-0000-4000-8000-0000000000d1',
      email: 'x@example.org',
      name: 'X',
      role,
      disabled: false,
      createdAt: '2024-07-01T00:00:00.000Z',
    },
    csrfToken: 'csrf',
    expiresAt: '2024-07-15T00:00:00.000Z',
    registrationId,
  });

  it('sends a rider invited for a registration to the tracker app', () => {
    expect(landingOf(session('rider', BEA))).toBe('/ride');
    expect(landingOf(session('rider', null))).toBe('/');
    expect(landingOf(session('organiser', null))).toBe('/admin');
  });
});

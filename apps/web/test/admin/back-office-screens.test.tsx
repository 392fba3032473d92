import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StageListItem } from '../../src/api/races-types.ts';
import { i18n } from '../../src/i18n/index.ts';
import { TimeTrialStart } from '../../src/pages/admin/control/TimeTrialStart.tsx';
import { Invitations } from '../../src/pages/admin/users/Invitations.tsx';
import { ManualRider } from '../../src/pages/admin/wizard/ManualRider.tsx';
import { WavesEditor } from '../../src/pages/admin/wizard/WavesEditor.tsx';
import InvitePage from '../../src/pages/invite/InvitePage.tsx';

type Call = { method: string; path: string; body: unknown };

/** fetch answered by `answer(method, path, body)`; every call recorded. */
function stubApi(answer: (call: Call) => { status?: number; body: unknown } | undefined) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const call = {
        method: init?.method ?? 'GET',
        path: url.pathname + url.search,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      calls.push(call);
      const reply = answer(call) ?? {
        status: 404,
        body: { title: 'Not Found', status: 404, detail: 'nothing here' },
      };
      const status = reply.status ?? 200;
      return new Response(status === 204 ? null : JSON.stringify(reply.body), {
        status,
        headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
      });
    }),
  );
  return calls;
}

function show(element: ReactElement, path = '/') {
  const router = createMemoryRouter([{ path: '*', element }], { initialEntries: [path] });
  render(
    <I18nextProvider i18n={i18n}>
      <RouterProvider router={router} />
    </I18nextProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const NOW = Date.parse('2024-07-05T13:00:00Z');
const entry = (order: number, bib: number, offsetSeconds: number) => ({
  registrationId: `00000000-0000-4000-8000-00000000000${order}`,
  bib,
  rider: `Rider ${bib}`,
  team: 'Team',
  order,
  start: new Date(NOW + offsetSeconds * 1000).toISOString(),
});

describe('time-trial start in race control', () => {
  it('counts the rider on the ramp down big, lists the next riders and ticks off the started ones', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    stubApi(({ path }) =>
      path === '/api/v1/stages/s1/start-times'
        ? { body: { items: [entry(1, 31, -60), entry(2, 32, 7), entry(3, 33, 67), entry(4, 34, 127)] } }
        : undefined,
    );
    show(<TimeTrialStart stageId="s1" scheduledStart={null} live />);
    const timer = await screen.findByRole('timer');
    expect(timer.textContent).toBe('7');
    expect(timer.getAttribute('aria-label')).toBe('7 seconds to the start');
    expect(screen.getByText('On the ramp: #32 Rider 32')).toBeTruthy();
    expect(screen.getByText(/#33 Rider 33 at .* \(in 1:07\)/)).toBeTruthy();
    expect(screen.getByText('1 of 4 riders started')).toBeTruthy();
    const rows = within(screen.getByTestId('start-list')).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('✓ Started');
    expect(rows[2]!.textContent).toContain('Waiting');
  });

  it('draws the start order in reverse GC and shows the new list', async () => {
    let drawn = false;
    const calls = stubApi(({ method, path }) => {
      if (method === 'POST' && path === '/api/v1/stages/s1/start-times/generate') {
        drawn = true;
        return { body: { items: [entry(1, 2, 0), entry(2, 1, 60)] } };
      }
      if (path === '/api/v1/stages/s1/start-times')
        return { body: { items: drawn ? [entry(1, 2, 0), entry(2, 1, 60)] : [] } };
      return undefined;
    });
    show(<TimeTrialStart stageId="s1" scheduledStart="2024-07-05T13:00:00Z" live={false} />);
    expect(await screen.findByText('No start list yet: generate the start order.')).toBeTruthy();
    expect(screen.queryByRole('timer')).toBeNull();
    fireEvent.change(screen.getByLabelText('Seconds between riders'), { target: { value: '90' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate start order (reverse GC)' }));
    expect(await screen.findByText('Start list (2 riders)')).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({
      firstStart: '2024-07-05T13:00:00.000Z',
      interval: 90,
      lastRiders: 10,
      lastInterval: 120,
    });
  });
});

describe('invitations', () => {
  it('creates an invitation, shows the link to copy and says no e-mail is sent', async () => {
    const invitation = {
      id: '00000000-0000-4000-8000-000000000001',
      email: 'nora@example.org',
      role: 'commissaire',
      invitedBy: 'Administrator',
      createdAt: '2024-07-01T00:00:00Z',
      expiresAt: '2024-07-08T00:00:00Z',
    };
    let created = false;
    const calls = stubApi(({ method, path }) => {
      if (method === 'POST' && path === '/api/v1/invitations') {
        created = true;
        return {
          status: 201,
          body: { ...invitation, link: 'https://race.example.org/invite?token=ech_inv_x' },
        };
      }
      if (path === '/api/v1/invitations') return { body: { items: created ? [invitation] : [] } };
      return undefined;
    });
    show(<Invitations />);
    expect(await screen.findByText(/Echelon sends no e-mail/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'nora@example.org' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'commissaire' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create invitation link' }));
    const link = (await screen.findByLabelText('Invitation link for nora@example.org')) as HTMLInputElement;
    expect(link.value).toBe('https://race.example.org/invite?token=ech_inv_x');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      email: 'nora@example.org',
      role: 'commissaire',
      expiresInDays: 7,
    });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Revoke the invitation of nora@example.org' })).toBeTruthy(),
    );
  });

  it('lets the invitee set a name and password, then opens the back office', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    const calls = stubApi(({ method, path }) =>
      method === 'POST' && path === '/api/v1/invitations/accept'
        ? {
            status: 201,
            body: {
              user: {
                id: 'u',
                email: 'nora@example.org',
                name: 'Nora',
                role: 'commissaire',
                disabled: false,
                createdAt: '',
              },
              csrfToken: 'c',
              expiresAt: '',
            },
          }
        : undefined,
    );
    show(<InvitePage />, '/invite?token=ech_inv_secret');
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Nora' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'a long password' } });
    fireEvent.change(screen.getByLabelText('Password again'), { target: { value: 'another one!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create my account and sign in' }));
    expect(await screen.findByText('The two passwords differ.')).toBeTruthy();
    expect(calls).toEqual([]);
    fireEvent.change(screen.getByLabelText('Password again'), { target: { value: 'a long password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create my account and sign in' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('/admin'));
    expect(calls[0]?.body).toEqual({ token: 'ech_inv_secret', name: 'Nora', password: 'a long password' });
  });

  it('shows the server’s reason when the link cannot be used', async () => {
    stubApi(() => ({
      status: 410,
      body: { title: 'Gone', status: 410, detail: 'This invitation link has expired' },
    }));
    show(<InvitePage />, '/invite?token=old');
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Late' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'a long password' } });
    fireEvent.change(screen.getByLabelText('Password again'), { target: { value: 'a long password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create my account and sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This invitation link has expired');
  });
});

describe('waves in the wizard', () => {
  const stage = {
    id: 's1',
    raceId: 'r1',
    number: 1,
    name: 'Gran fondo',
    format: 'gran_fondo' as const,
    scheduledStart: '2024-07-05T06:00:00Z',
    lapCount: 1,
    waves: [{ name: 'Elite', startOffsetSeconds: 0, categories: ['E'] }],
    hasCourse: true,
    scoring: {} as never,
    createdAt: '2024-01-01T00:00:00Z',
  } as unknown as StageListItem;

  it('adds a wave with its start offset and categories, refusing a duplicate name first', async () => {
    const calls = stubApi(({ method }) => (method === 'PATCH' ? { body: stage } : undefined));
    const saved = vi.fn();
    show(
      <WavesEditor
        stage={stage}
        categories={
          [
            { code: 'E', name: 'Elite' },
            { code: 'M40', name: 'Masters 40' },
          ] as never
        }
        onSaved={saved}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Add a wave' }));
    const names = screen.getAllByLabelText('Wave name');
    fireEvent.change(names[1]!, { target: { value: 'Elite' } });
    fireEvent.change(screen.getAllByLabelText('Start (minutes after the stage start)')[1]!, {
      target: { value: '15' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save waves' }));
    expect(await screen.findByText('Another wave of this stage has this name.')).toBeTruthy();
    expect(calls).toEqual([]);
    fireEvent.change(names[1]!, { target: { value: 'Masters' } });
    const wave2 = screen.getByRole('group', { name: 'Wave 2' });
    fireEvent.click(within(wave2).getByLabelText('M40 — Masters 40'));
    fireEvent.click(screen.getByRole('button', { name: 'Save waves' }));
    await waitFor(() => expect(saved).toHaveBeenCalled());
    expect(calls[0]).toMatchObject({
      method: 'PATCH',
      path: '/api/v1/stages/s1',
      body: {
        waves: [
          { name: 'Elite', startOffsetSeconds: 0, categories: ['E'] },
          { name: 'Masters', startOffsetSeconds: 900, categories: ['M40'] },
        ],
      },
    });
  });

  it('puts a rider typed in into a wave', async () => {
    const calls = stubApi(({ method }) => (method === 'POST' ? { status: 201, body: {} } : undefined));
    const added = vi.fn();
    show(<ManualRider raceId="r1" nextBib={7} waves={['Elite', 'Masters']} onAdded={added} />);
    fireEvent.change(screen.getByLabelText('First name'), { target: { value: 'Ann' } });
    fireEvent.change(screen.getByLabelText('Last name'), { target: { value: 'Rider' } });
    fireEvent.change(screen.getByLabelText('Wave'), { target: { value: 'Masters' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(added).toHaveBeenCalled());
    expect(calls[0]?.body).toMatchObject({ bib: 7, firstName: 'Ann', wave: 'Masters' });
  });
});

import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveRider } from '../../src/api/types.ts';
import { i18n } from '../../src/i18n/index.ts';
import type { FeedState } from '../../src/live/feed-state.ts';
import type { LiveFeed } from '../../src/live/use-live-feed.ts';

// What matters here is which screen asks for a beep, and that the page unlocks the audio.
vi.mock('../../src/admin/beep.ts', () => ({ beep: vi.fn(), unlockAudioOnGesture: vi.fn(() => () => {}) }));

const KEY = 'echelon-race-control-sound';
const NOW = Date.parse('2024-07-05T13:00:00Z');

/** Fresh modules, as after a reload: the setting must come back from localStorage. */
async function load() {
  const beep = await import('../../src/admin/beep.ts');
  const setting = await import('../../src/admin/sound-setting.ts');
  const { SoundToggle } = await import('../../src/pages/admin/control/SoundToggle.tsx');
  const { TrackerMonitor } = await import('../../src/pages/admin/control/TrackerMonitor.tsx');
  return { ...beep, ...setting, SoundToggle, TrackerMonitor };
}

const rider = (bib: number, cond: LiveRider['cond']) =>
  ({
    id: `00000000-0000-4000-8000-00000000000${bib}`,
    bib,
    name: `Rider ${bib}`,
    cond,
    fix: NOW - 5000,
    batt: 80,
    acc: 5,
    d: 1000,
    sos: null,
  }) as unknown as LiveRider;

/** The feed as the monitor reads it: riders, the event time, and a version that moves. */
const feed = (version: number, riders: LiveRider[]): LiveFeed => ({
  state: { riders, at: NOW } as unknown as FeedState,
  version,
  connection: 'live',
});

const wrap = (children: ReactNode) => <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;

beforeEach(() => {
  vi.resetModules();
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('race control’s one sound switch', () => {
  it('silences the tracker monitor’s alerts, and is remembered across a reload', async () => {
    const { beep, SoundToggle, TrackerMonitor } = await load();
    const view = render(
      wrap([<SoundToggle key="t" />, <TrackerMonitor key="m" raceId="r1" feed={feed(1, [])} />]),
    );
    view.rerender(
      wrap([
        <SoundToggle key="t" />,
        <TrackerMonitor key="m" raceId="r1" feed={feed(2, [rider(1, 'signal_lost')])} />,
      ]),
    );
    expect(vi.mocked(beep)).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByRole('button', { name: 'Mute race control sounds' }));
    expect(localStorage.getItem(KEY)).toBe('off');
    view.rerender(
      wrap([
        <SoundToggle key="t" />,
        <TrackerMonitor key="m" raceId="r1" feed={feed(3, [rider(1, 'signal_lost'), rider(2, 'stopped')])} />,
      ]),
    );
    expect(screen.getByTestId('alerts').textContent).toContain('#2 Rider 2: Stopped');
    expect(vi.mocked(beep)).toHaveBeenCalledTimes(1);
    cleanup();

    // A reload: still muted, and the switch says so.
    vi.resetModules();
    const reloaded = await load();
    expect(reloaded.soundOn()).toBe(false);
    render(wrap(<reloaded.SoundToggle />));
    const toggle = screen.getByRole('button', { name: 'Unmute race control sounds' });
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(toggle);
    expect(localStorage.getItem(KEY)).toBe('on');
    expect(screen.getByRole('button', { name: 'Mute race control sounds' })).toBeTruthy();
  });

  it('follows the switch turned in another tab', async () => {
    const { SoundToggle } = await load();
    render(wrap(<SoundToggle />));
    expect(screen.getByRole('button', { name: 'Mute race control sounds' })).toBeTruthy();
    act(() => {
      localStorage.setItem(KEY, 'off');
      window.dispatchEvent(new StorageEvent('storage', { key: KEY, newValue: 'off' }));
    });
    expect(screen.getByRole('button', { name: 'Unmute race control sounds' })).toBeTruthy();
  });

  it('shows one switch on the race control page, for the monitor and the time-trial start, and unlocks the audio', async () => {
    // The live feed's socket never opens here; the page's REST calls are answered.
    vi.stubGlobal(
      'WebSocket',
      class {
        close() {}
      },
    );
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const path = new URL(String(input), 'http://localhost').pathname;
        const bodies: Record<string, unknown> = {
          '/api/v1/races/r1': { id: 'r1', name: 'Chrono', status: 'live' },
          '/api/v1/races/r1/stages': {
            items: [
              {
                id: 's1',
                number: 1,
                name: 'Chrono',
                format: 'individual_time_trial',
                status: 'live',
                scheduledStart: null,
                finishedAt: null,
              },
            ],
          },
          '/api/v1/stages/s1/start-times': { items: [] },
          '/api/v1/races/r1/registrations': { items: [], total: 0 },
          '/api/v1/time': { now: Date.now() },
        };
        const body = bodies[path];
        return new Response(JSON.stringify(body ?? { title: 'Not Found', status: 404 }), {
          status: body ? 200 : 404,
          headers: { 'content-type': body ? 'application/json' : 'application/problem+json' },
        });
      }),
    );
    const { unlockAudioOnGesture } = await load();
    const { default: RaceControlPage } = await import('../../src/pages/admin/control/RaceControlPage.tsx');
    const router = createMemoryRouter(
      [{ path: '/admin/races/:raceId/control', element: <RaceControlPage /> }],
      {
        initialEntries: ['/admin/races/r1/control'],
      },
    );
    render(wrap(<RouterProvider router={router} />));
    expect(await screen.findByRole('heading', { name: 'Time-trial start' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Tracker monitor' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /mute/i }).map((b) => b.textContent)).toEqual([
      'Mute race control sounds',
    ]);
    expect(vi.mocked(unlockAudioOnGesture)).toHaveBeenCalled();
  });
});

import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { beep } from '../../src/admin/beep.ts';
import { setSoundOn } from '../../src/admin/sound-setting.ts';
import { i18n } from '../../src/i18n/index.ts';
import { SoundToggle } from '../../src/pages/admin/control/SoundToggle.tsx';
import { TimeTrialStart } from '../../src/pages/admin/control/TimeTrialStart.tsx';

// WebAudio is not in jsdom; what matters is when the screen asks for a beep.
vi.mock('../../src/admin/beep.ts', () => ({ beep: vi.fn() }));

const NOW = Date.parse('2024-07-05T13:00:00Z');
const entry = (order: number, bib: number, offsetSeconds: number) => ({
  registrationId: `00000000-0000-4000-8000-00000000000${order}`,
  bib,
  rider: `Rider ${bib}`,
  team: 'Team',
  order,
  start: new Date(NOW + offsetSeconds * 1000).toISOString(),
});

/** The start list and the server's clock (`serverNow`, or no time endpoint at all when null). */
function stubServer(items: unknown[], serverNow: (() => number) | null) {
  const times: number[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const path = new URL(String(input), 'http://localhost').pathname;
      const json = (body: unknown, status = 200) =>
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      if (path === '/api/v1/stages/s1/start-times') return json({ items });
      if (path === '/api/v1/time' && serverNow) {
        const now = serverNow();
        times.push(now);
        return json({ now });
      }
      return json({ title: 'Not Found', status: 404 }, 404);
    }),
  );
  return times;
}

/** The start with race control's sound switch, which now sits on the race control page. */
function show() {
  render(
    <I18nextProvider i18n={i18n}>
      <SoundToggle />
      <TimeTrialStart stageId="s1" scheduledStart={null} live />
    </I18nextProvider>,
  );
}

beforeEach(() => {
  // Only Date is faked: the screen's own timers run, and each step of the test moves the clock.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.mocked(beep).mockClear();
});
afterEach(() => {
  cleanup();
  localStorage.clear();
  setSoundOn(true);
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('time-trial start on the server’s clock', () => {
  it('counts down on the server’s time when this computer’s clock is 5 s fast, and says so', async () => {
    vi.setSystemTime(NOW + 5000);
    const asked = stubServer([entry(1, 31, 7), entry(2, 32, 67)], () => NOW);
    show();
    const timer = await screen.findByRole('timer');
    // 7 s to the start on the server's clock, not the 2 the browser's would give.
    await waitFor(() => expect(timer.textContent).toBe('7'));
    expect(timer.getAttribute('aria-label')).toBe('7 seconds to the start');
    expect(screen.getByTestId('server-clock').textContent).toBe('Clock: server −5.0 s ± 0.00 s');
    expect(asked.length).toBeGreaterThanOrEqual(1);
  });

  it('falls back to this computer’s clock, and says so, when the server’s time cannot be read', async () => {
    vi.setSystemTime(NOW);
    stubServer([entry(1, 31, 7)], null);
    show();
    const timer = await screen.findByRole('timer');
    expect(timer.textContent).toBe('7');
    await waitFor(() =>
      expect(screen.getByTestId('server-clock').textContent).toBe(
        'Clock: this computer’s own (the server’s time not read yet)',
      ),
    );
  });

  it('beeps at ten seconds to go and at each of the last five, and not once race control is muted', async () => {
    vi.setSystemTime(NOW);
    stubServer([entry(1, 31, 12), entry(2, 32, 30)], () => Date.now());
    show();
    const timer = await screen.findByRole('timer');
    await screen.findByText('Clock: server +0.0 s ± 0.00 s');
    // What the ramp showed when each beep sounded (effects run after the count is on screen).
    const heard: Array<string | null> = [];
    vi.mocked(beep).mockImplementation(() => heard.push(timer.textContent));
    for (let s = 12; s >= 1; s--) {
      act(() => vi.setSystemTime(NOW + (12 - s) * 1000));
      await waitFor(() => expect(timer.textContent).toBe(s > 10 ? `0:${s}` : String(s)));
    }
    await waitFor(() => expect(heard).toEqual(['10', '5', '4', '3', '2', '1']));

    // Bib 32 starts 18 s after bib 31: muted, its count makes no sound.
    fireEvent.click(screen.getByRole('button', { name: 'Mute race control sounds' }));
    expect(
      screen.getByRole('button', { name: 'Unmute race control sounds' }).getAttribute('aria-pressed'),
    ).toBe('true');
    act(() => vi.setSystemTime(NOW + 20_000));
    await waitFor(() => expect(timer.textContent).toBe('10'));
    act(() => vi.setSystemTime(NOW + 25_000));
    await waitFor(() => expect(timer.textContent).toBe('5'));
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(heard).toHaveLength(6);
  });
});

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveRider } from '../../src/api/types.ts';
import { useFollow } from '../../src/components/follow/use-follow.ts';
import { Leaderboard } from '../../src/components/leaderboard/Leaderboard.tsx';
import { i18n } from '../../src/i18n/index.ts';
import { liveRider } from './fixtures.ts';

const NOW = 1_000_000;
const RACE = 'race-leaderboard-test';

// jsdom lays nothing out: give the scroller a height so the virtualiser shows rows.
let restore: PropertyDescriptor | undefined;
beforeAll(() => {
  restore = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
});
afterAll(() => {
  if (restore) Object.defineProperty(HTMLElement.prototype, 'clientHeight', restore);
});
afterEach(() => {
  cleanup();
  localStorage.clear();
});

function Board({ riders }: { riders: LiveRider[] }) {
  const follow = useFollow(RACE);
  return (
    <Leaderboard
      riders={riders}
      now={NOW}
      length={20_000}
      timeZone="UTC"
      followed={follow.followed}
      onToggleFollow={(rider) => follow.toggle(rider.id)}
    />
  );
}

function renderBoard(riders: LiveRider[]) {
  return render(
    <I18nextProvider i18n={i18n}>
      <MemoryRouter>
        <Board riders={riders} />
      </MemoryRouter>
    </I18nextProvider>,
  );
}

const bibs = () =>
  within(screen.getByRole('table', { name: 'Leaderboard' }))
    .getAllByRole('row')
    .map((row) => row.getAttribute('data-bib'))
    .filter(Boolean);

describe('Leaderboard', () => {
  const riders = [
    liveRider(0, { rank: 1, fix: NOW - 1000, gap: 0 }),
    liveRider(1, { rank: 2, fix: NOW - 12_000, gap: 133 }),
    liveRider(2, { rank: 3, fix: NOW - 120_000, cond: 'signal_lost', gap: null }),
  ];

  it('renders the riders in rank order with their values', () => {
    renderBoard(riders);
    expect(bibs()).toEqual(['1', '2', '3']);
    const second = document.querySelector('[data-bib="2"]')!;
    expect(second.querySelector('[data-col="rank"]')!.textContent).toBe('2');
    expect(second.querySelector('[data-col="gap"]')!.textContent).toBe('+2:13');
    expect(second.querySelector('[data-col="age"]')!.textContent).toBe('12 s');
    expect(second.querySelector('[data-col="name"] a')!.getAttribute('href')).toBe(
      `/riders/${riders[1]!.id}`,
    );
    expect(document.querySelector('[data-bib="1"] [data-col="age"]')!.textContent).toBe('now');
  });

  it('marks a rider with no fix for two minutes as stale, in words', () => {
    renderBoard(riders);
    const stale = document.querySelector('[data-bib="3"]')!;
    expect(stale.getAttribute('data-stale')).toBe('true');
    expect(stale.querySelector('[data-col="age"]')!.getAttribute('title')).toBe('Last seen 2 min ago');
    expect(stale.querySelector('[data-col="name"]')!.textContent).toContain('Signal lost');
    expect(document.querySelector('[data-bib="1"]')!.getAttribute('data-stale')).toBeNull();
  });

  it('shows an SOS from the last 30 minutes as the word SOS, beside the condition', () => {
    renderBoard([
      liveRider(0, { rank: 1, fix: NOW - 1000, sos: NOW - 120_000 }),
      liveRider(1, { rank: 2, fix: NOW - 1000, sos: NOW - 31 * 60_000 }),
      liveRider(2, { rank: 3, fix: NOW - 120_000, cond: 'signal_lost', sos: NOW - 60_000 }),
    ]);
    const name = (bib: number) => document.querySelector(`[data-bib="${bib}"] [data-col="name"]`)!;
    const sos = within(name(1) as HTMLElement).getByText('SOS');
    expect(sos.getAttribute('title')).toBe('SOS sent 2 min ago');
    expect(name(2).textContent).not.toContain('SOS');
    expect(name(3).textContent).toContain('SOS');
    expect(name(3).textContent).toContain('Signal lost');
  });

  it('pins a followed rider on top, and remembers it', () => {
    renderBoard(riders);
    const star = document.querySelector('[data-follow-bib="3"]')!;
    expect(star.getAttribute('aria-pressed')).toBe('false');
    act(() => {
      fireEvent.click(star);
    });
    expect(bibs()).toEqual(['3', '1', '2']);
    expect(document.querySelector('[data-follow-bib="3"]')!.getAttribute('aria-pressed')).toBe('true');
    cleanup();
    renderBoard(riders);
    expect(bibs()).toEqual(['3', '1', '2']);
  });
});

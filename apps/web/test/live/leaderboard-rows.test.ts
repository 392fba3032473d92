import { describe, expect, it } from 'vitest';
import { categoriesOf, leaderboardRows, matchesSearch, NO_FILTER } from '../../src/live/leaderboard-rows.ts';
import { liveRider } from './fixtures.ts';

const riders = [
  liveRider(0, { name: 'Élise Dupont', category: 'W' }),
  liveRider(1, { name: 'Marc Roux', category: 'M' }),
  liveRider(11, { name: 'Jan Jansen', category: 'M', team: 'Velo Club' }),
];

describe('leaderboard rows', () => {
  it('lists categories once, sorted', () => {
    expect(categoriesOf([...riders, undefined])).toEqual(['M', 'W']);
  });

  it('finds bibs from their start and names without accents', () => {
    expect(matchesSearch(riders[2]!, '12')).toBe(true);
    expect(matchesSearch(riders[2]!, '2')).toBe(false);
    expect(matchesSearch(riders[0]!, 'elise')).toBe(true);
    expect(matchesSearch(riders[2]!, 'velo')).toBe(true);
    expect(matchesSearch(riders[1]!, '  ')).toBe(true);
  });

  it('pins followed riders on top, each listed once, in standing order', () => {
    const rows = leaderboardRows(riders, new Set([riders[2]!.id]), NO_FILTER);
    expect(rows.pinned.map((rider) => rider.bib)).toEqual([12]);
    expect(rows.others.map((rider) => rider.bib)).toEqual([1, 2]);
  });

  it('applies the category and search to pinned riders too', () => {
    const rows = leaderboardRows(riders, new Set([riders[0]!.id]), { category: 'M', search: '' });
    expect(rows.pinned).toEqual([]);
    expect(rows.others.map((rider) => rider.bib)).toEqual([2, 12]);
  });
});

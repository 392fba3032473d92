import type { LiveRider } from '../../src/api/types.ts';

/** A racing rider with every field set; tests override what they are about. */
export function liveRider(i: number, overrides: Partial<LiveRider> = {}): LiveRider {
  return {
    i,
    id: `00000000-0000-4000-8000-${String(100 + i).padStart(12, '0')}`,
    bib: i + 1,
    name: `Rider ${i + 1}`,
    team: 'Team A',
    category: 'ELITE',
    rank: i + 1,
    cond: 'racing',
    d: 10_000 - i * 100,
    lap: 0,
    lat: null,
    lon: null,
    v: 36,
    gap: i * 10,
    grp: 1,
    togo: 10_000 + i * 100,
    eta: null,
    next: null,
    fix: 1_000_000,
    batt: 90,
    acc: 5,
    sos: null,
    fin: null,
    x: [],
    ...overrides,
  };
}

import { describe, expect, it } from 'vitest';
import type { CheckpointSplitView, RiderProfileView } from '../../src/api/rider-types.ts';
import {
  ageGroupOf,
  focusRace,
  nationalityName,
  raceYear,
  splitRows,
} from '../../src/pages/rider/rider-view.ts';

describe('rider view', () => {
  it('finds the age group from the birth year and the race year', () => {
    expect(ageGroupOf(1990, 2026)).toBe('35-39');
    expect(ageGroupOf(2010, 2026)).toBe('U19');
    expect(ageGroupOf(1950, 2026)).toBe('65+');
    expect(ageGroupOf(null, 2026)).toBeNull();
    expect(raceYear('2024-07-05')).toBe(2024);
    expect(raceYear(null, new Date('2030-01-02T00:00:00Z'))).toBe(2030);
  });

  it('names two-letter countries and keeps other codes', () => {
    expect(nationalityName('fr')).toBe('France (FR)');
    expect(nationalityName('ESP')).toBe('ESP');
    expect(nationalityName(null)).toBeNull();
  });

  it('focuses the registration asked for, else the newest race', () => {
    const race = (id: string, current: boolean) =>
      ({ registrationId: id, current }) as RiderProfileView['races'][number];
    expect(
      focusRace({ races: [race('a', false), race('b', true)] } as RiderProfileView)?.registrationId,
    ).toBe('b');
    expect(
      focusRace({ races: [race('a', false), race('b', false)] } as RiderProfileView)?.registrationId,
    ).toBe('a');
    expect(focusRace({ races: [] } as unknown as RiderProfileView)).toBeUndefined();
  });

  it('orders splits along the course with the time of each segment', () => {
    const split = (name: string, distance: number, elapsed: number): CheckpointSplitView => ({
      checkpointId: name,
      name,
      kind: 'timing',
      distance,
      time: 1_000_000 + elapsed * 1000,
      elapsed,
      speed: null,
    });
    const rows = splitRows([split('finish', 20_000, 1800), split('start', 0, 0), split('mid', 8000, 700)]);
    expect(rows.map((r) => [r.name, r.segment])).toEqual([
      ['start', 0],
      ['mid', 700],
      ['finish', 1100],
    ]);
  });
});

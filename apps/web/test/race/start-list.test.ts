import { describe, expect, it } from 'vitest';
import type { RegistrationView } from '../../src/api/types.ts';
import { fold, searchStartList, sortStartList } from '../../src/components/race/start-list.ts';

function rider(bib: number, firstName: string, lastName: string, team: string | null): RegistrationView {
  return {
    id: `r${bib}`,
    raceId: 'race',
    bib,
    firstName,
    lastName,
    team,
    category: null,
    gender: null,
    birthYear: null,
    nationality: null,
    deviceId: null,
    wave: null,
    createdAt: '2024-01-01T00:00:00Z',
  };
}

const riders = [
  rider(21, 'Demi', 'Vollering', 'Team SD Worx'),
  rider(11, 'Annemiek', 'van Vleuten', 'Movistar'),
  rider(2, 'Élise', 'Chabbey', null),
  rider(114, 'Zoé', 'Bäckstedt', 'Canyon'),
];

describe('searchStartList', () => {
  it('finds names without caring for accents or case', () => {
    expect(fold('Zoé BÄCKSTEDT')).toBe('zoe backstedt');
    expect(searchStartList(riders, 'elise').map((r) => r.bib)).toEqual([2]);
    expect(searchStartList(riders, 'ZOE back').map((r) => r.bib)).toEqual([114]);
  });

  it('finds bibs by their first digits, and teams', () => {
    expect(searchStartList(riders, '11').map((r) => r.bib)).toEqual([11, 114]);
    expect(searchStartList(riders, 'movistar').map((r) => r.bib)).toEqual([11]);
  });

  it('keeps everyone for an empty search and no one for a miss', () => {
    expect(searchStartList(riders, '  ')).toHaveLength(4);
    expect(searchStartList(riders, 'nobody')).toEqual([]);
  });
});

describe('sortStartList', () => {
  it('sorts by bib both ways', () => {
    expect(sortStartList(riders, 'bib').map((r) => r.bib)).toEqual([2, 11, 21, 114]);
    expect(sortStartList(riders, 'bib', 'desc').map((r) => r.bib)).toEqual([114, 21, 11, 2]);
  });

  it('sorts by family name, accents folded', () => {
    expect(sortStartList(riders, 'name').map((r) => r.lastName)).toEqual([
      'Bäckstedt',
      'Chabbey',
      'van Vleuten',
      'Vollering',
    ]);
  });

  it('sorts by team with riders without one last, either way', () => {
    expect(sortStartList(riders, 'team').map((r) => r.bib)).toEqual([114, 11, 21, 2]);
    expect(sortStartList(riders, 'team', 'desc').map((r) => r.bib)).toEqual([21, 11, 114, 2]);
  });
});

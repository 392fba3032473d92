import { describe, expect, it } from 'vitest';
import { ageGroupOf, placesWithin, rankingPlaces } from '../../../src/scoring/formats/index.ts';

// A marathon's own divisions: women's and men's five-year groups from 40, an open class under 40, and a
// catch-all masters category spanning the others.
const categories = [
  { code: 'F40-44', gender: 'F', minAge: 40, maxAge: 44 },
  { code: 'M40-44', gender: 'M', minAge: 40, maxAge: 44 },
  { code: 'F45+', gender: 'F', minAge: 45, maxAge: null },
  { code: 'OPEN', gender: null, minAge: null, maxAge: 39 },
  { code: 'MASTERS', gender: null, minAge: 40, maxAge: null },
  { code: 'ELITE', gender: null, minAge: null, maxAge: null },
];

describe('age groups from the race’s own categories', () => {
  it('takes the narrowest category of the rider’s gender their race age falls in', () => {
    const rider = (gender: string | null, birthYear: number | null, category: string | null = null) =>
      ageGroupOf({ gender, birthYear, category }, categories, 2025);
    expect(rider('F', 1983)).toBe('F40-44'); // 42
    expect(rider('M', 1985)).toBe('M40-44'); // 40: bounds are inclusive
    expect(rider('F', 1980)).toBe('F45+'); // 45
    expect(rider('M', 1980)).toBe('MASTERS'); // 45: no men's group, the open masters one
    expect(rider('X', 2000)).toBe('OPEN');
    expect(rider('F', null)).toBeNull();
    // The organiser's own placing wins over the birth year; a category with no age bounds does not.
    expect(rider('F', 1983, 'F45+')).toBe('F45+');
    expect(rider('F', 1983, 'ELITE')).toBe('F40-44');
  });

  it('falls back to the default bands, per gender, only when the race defines no age category', () => {
    expect(ageGroupOf({ gender: 'F', birthYear: 1988, category: null }, [], 2025)).toBe('F 35-39');
    expect(ageGroupOf({ gender: null, birthYear: 1960, category: null }, [], 2025)).toBe('65+');
  });
});

describe('places within a ranking', () => {
  it('keeps the overall order and shared ranks, and places nobody unranked', () => {
    const rows = [
      { rank: 1, g: 'M' },
      { rank: 2, g: 'F' },
      { rank: 2, g: 'F' },
      { rank: 4, g: 'M' },
      { rank: 5, g: 'F' },
      { rank: null, g: 'F' },
      { rank: 6, g: null },
    ];
    expect(
      placesWithin(
        rows,
        (r) => r.rank,
        (r) => r.g,
      ),
    ).toEqual([1, 1, 1, 2, 3, null, null]);
  });

  it('gives each rider their gender, category and age-group places', () => {
    const rows = [
      { rank: 1, rider: { gender: 'M', birthYear: 1990, category: 'ELITE' } },
      { rank: 2, rider: { gender: 'F', birthYear: 1983, category: 'ELITE' } },
      { rank: 3, rider: { gender: 'F', birthYear: 1984, category: null } },
      { rank: 4, rider: { gender: 'F', birthYear: 1995, category: null } },
      { rank: null, rider: { gender: 'F', birthYear: 1982, category: null } },
    ];
    expect(
      rankingPlaces(
        rows,
        (r) => r.rank,
        (r) => r.rider,
        categories,
        2025,
      ),
    ).toEqual([
      { genderRank: 1, categoryRank: 1, ageGroup: 'OPEN', ageGroupRank: 1 },
      { genderRank: 1, categoryRank: 2, ageGroup: 'F40-44', ageGroupRank: 1 },
      { genderRank: 2, categoryRank: null, ageGroup: 'F40-44', ageGroupRank: 2 },
      { genderRank: 3, categoryRank: null, ageGroup: 'OPEN', ageGroupRank: 2 },
      { genderRank: null, categoryRank: null, ageGroup: 'F40-44', ageGroupRank: null },
    ]);
  });
});

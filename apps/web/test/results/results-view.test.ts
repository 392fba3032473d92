import { describe, expect, it } from 'vitest';
import type { RegistrationView } from '../../src/api/types.ts';
import { ageBand, bandOfLabel, raceYearOf } from '../../src/components/results/age-groups.ts';
import {
  type AnyResultRow,
  ageGroupChoices,
  categoryOptions,
  csvLink,
  defaultResultsStage,
  filterResults,
  genderChoices,
  hasHundredths,
  rankingPlace,
  resultColumns,
  resultsPath,
} from '../../src/components/results/results-view.ts';

function registration(bib: number, category: string | null, birthYear: number | null): RegistrationView {
  return {
    id: `reg-${bib}`,
    raceId: 'race',
    bib,
    firstName: 'R',
    lastName: String(bib),
    team: null,
    category,
    gender: null,
    birthYear,
    nationality: null,
    deviceId: null,
    wave: null,
    createdAt: '2024-01-01T00:00:00Z',
  };
}

const row = (
  bib: number | null,
  rider: string | null,
  team: string | null,
  extra: Partial<AnyResultRow> = {},
) => ({ rank: bib, bib, rider, team, time: 3600, gap: 0, status: null, ...extra }) as AnyResultRow;

const registrations = [
  registration(1, 'ELITE', 1990),
  registration(2, 'MASTERS', 1980),
  registration(3, 'ELITE', 2008),
];
const rows = [
  row(1, 'Élise Chabbey', 'Canyon'),
  row(2, 'Marianne Vos', 'Jumbo Visma'),
  row(3, 'Zoe Bäckstedt', 'Canyon'),
];

describe('age groups', () => {
  it('bands ages as the server does (race year − birth year)', () => {
    expect(ageBand(2024, 1990)).toBe('19-34');
    expect(ageBand(2024, 1989)).toBe('35-39');
    expect(ageBand(2024, 2008)).toBe('U19');
    expect(ageBand(2024, 1950)).toBe('65+');
    expect(ageBand(2024, null)).toBeNull();
    expect(raceYearOf('2022-07-24')).toBe(2022);
    expect(bandOfLabel('F 35-39')).toBe('35-39');
    expect(bandOfLabel('whatever')).toBeNull();
  });
});

describe('filterResults', () => {
  it('searches names without accents, bibs by their first digits, and teams', () => {
    expect(filterResults(rows, 'elise').map((r) => r.bib)).toEqual([1]);
    expect(filterResults(rows, '2').map((r) => r.bib)).toEqual([2]);
    expect(filterResults(rows, 'canyon').map((r) => r.bib)).toEqual([1, 3]);
    expect(filterResults(rows, 'canyon zoe')).toHaveLength(1);
  });
});

describe('API paths, the CSV link and the place shown', () => {
  const filter = { gender: 'F', category: 'ELITE', ageGroup: '35-39' };
  it('asks the stage result and the classifications with the rankings, the team one without', () => {
    expect(resultsPath('race', 'stage', 'general', filter)).toBe(
      '/api/v1/races/race/classifications/general?gender=F&category=ELITE&ageGroup=35-39',
    );
    expect(resultsPath('race', 'stage', 'team', filter)).toBe('/api/v1/races/race/classifications/team');
    expect(resultsPath('race', 'stage', 'stage', { ...filter, category: '', ageGroup: '' })).toBe(
      '/api/v1/stages/stage/results?gender=F',
    );
    expect(resultsPath('race', null, 'stage', filter)).toBeNull();
  });

  it('downloads CSV with the same rankings', () => {
    expect(csvLink('race', 's1', 'points', { ...filter, gender: '', ageGroup: '' })).toBe(
      '/api/v1/races/race/classifications/points?format=csv&category=ELITE',
    );
    expect(csvLink('race', 's1', 'stage', { ...filter, category: '', ageGroup: '' })).toBe(
      '/api/v1/stages/s1/results?format=csv&gender=F',
    );
  });

  it('shows a stage row’s place in the narrowest ranking asked, and none on a classification', () => {
    const line = row(7, 'a', null, { genderRank: 3, categoryRank: 2, ageGroupRank: 1 });
    expect(rankingPlace('stage', filter)?.of(line)).toBe(1);
    expect(rankingPlace('stage', { ...filter, ageGroup: '' })?.of(line)).toBe(2);
    expect(rankingPlace('stage', { gender: 'F', category: '', ageGroup: '' })).toMatchObject({
      ranking: 'gender',
      label: 'F',
    });
    expect(rankingPlace('stage', { gender: 'F', category: '', ageGroup: '' })?.of(line)).toBe(3);
    expect(rankingPlace('stage', { gender: '', category: '', ageGroup: '' })).toBeNull();
    expect(rankingPlace('general', filter)).toBeNull();
  });
});

describe('columns and precision', () => {
  it('shows hundredths only when a time or gap has them', () => {
    expect(hasHundredths([row(1, 'a', null, { time: 1200.5 })])).toBe(true);
    expect(hasHundredths([row(1, 'a', null, { time: 1200, gap: 0.25 })])).toBe(true);
    expect(hasHundredths([row(1, 'a', null, { time: 1200, gap: 3 })])).toBe(false);
  });

  it('shows points on the points and mountains classifications and no riders on the team one', () => {
    expect(resultColumns('points', rows)).toMatchObject({ points: true, time: false, gap: false });
    expect(resultColumns('team', rows)).toMatchObject({ bib: false, rider: false, time: true });
    expect(resultColumns('stage', rows).points).toBe(false);
    expect(resultColumns('stage', [row(1, 'a', null, { points: 20 })]).points).toBe(true);
    expect(resultColumns('stage', [row(1, 'a', null, { laps: 10 })]).laps).toBe(true);
  });
});

describe('filter choices', () => {
  it('lists the race categories, or the start list codes when none are defined', () => {
    expect(
      categoryOptions(
        [
          { code: 'B', name: 'Bee' },
          { code: 'A', name: 'Ay' },
        ],
        registrations,
      ),
    ).toEqual([
      { code: 'A', name: 'Ay' },
      { code: 'B', name: 'Bee' },
    ]);
    expect(categoryOptions([], registrations).map((c) => c.code)).toEqual(['ELITE', 'MASTERS']);
  });

  it('lists the race’s own age categories, women’s then men’s, youngest first', () => {
    const categories = [
      { code: 'M40-49', gender: 'M' as const, minAge: 40, maxAge: 49 },
      { code: 'ELITE', gender: null, minAge: null, maxAge: null },
      { code: 'F18-39', gender: 'F' as const, minAge: 18, maxAge: 39 },
      { code: 'M18-39', gender: 'M' as const, minAge: 18, maxAge: 39 },
    ];
    expect(ageGroupChoices(categories, rows, registrations, 2024, '')).toEqual([
      'F18-39',
      'M18-39',
      'M40-49',
    ]);
  });

  it('lists the default bands youngest first for a race without age categories, keeping the chosen one', () => {
    const fondo = [row(9, 'x', null, { ageGroup: 'F 50-54' })];
    expect(ageGroupChoices([], fondo, registrations, 2024, '')).toEqual(['U19', '19-34', '40-44', '50-54']);
    expect(ageGroupChoices([], [], [], 2024, '50-54')).toEqual(['50-54']);
  });

  it('offers the genders on the start list', () => {
    expect(genderChoices(registrations, '')).toEqual([]);
    const mixed = [
      { ...registrations[0]!, gender: 'M' as const },
      { ...registrations[1]!, gender: 'F' as const },
    ];
    expect(genderChoices(mixed, '')).toEqual(['F', 'M']);
    expect(genderChoices([], 'X')).toEqual(['X']);
  });
});

describe('defaultResultsStage', () => {
  const stages = [
    { id: 'a', number: 1, scheduledStart: '2022-07-24T10:00:00Z' },
    { id: 'b', number: 2, scheduledStart: '2022-07-25T10:00:00Z' },
    { id: 'c', number: 3, scheduledStart: '2030-01-01T10:00:00Z' },
  ];
  const now = Date.parse('2024-01-01T00:00:00Z');
  it('opens on the last stage raced', () => {
    expect(
      defaultResultsStage(
        stages,
        new Map([
          ['a', 'finished'],
          ['b', 'live'],
        ]),
        now,
      )?.id,
    ).toBe('b');
  });
  it('else on the last one scheduled in the past, else the first', () => {
    expect(defaultResultsStage(stages, new Map(), now)?.id).toBe('b');
    expect(defaultResultsStage(stages, new Map(), Date.parse('2000-01-01'))?.id).toBe('a');
    expect(defaultResultsStage([], new Map(), now)).toBeNull();
  });
});

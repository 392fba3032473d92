import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, setUpLiveRace } from '../support/live-race.ts';
import { Client, startTestApp, type TestApp } from '../support/test-app.ts';
import { type FormatRace, formatRace, type Line, pass } from './results-format-setup.ts';

/**
 * Results as mass-participation organisers publish them: women's and men's rankings with their own
 * places, age groups from the race's own categories, and splits at every timing point — for a gran
 * fondo and a road stage alike.
 */
describe.skipIf(databaseUnavailable !== null)('results: rankings and splits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const results = async (race: FormatRace, query = '') => {
    const response = await t.anonymous.get(`/api/v1/stages/${race.stageId}/results${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items as Line[];
  };

  it('publishes a gran fondo’s women’s, men’s and age-group places from the race’s own categories', async () => {
    // Another race already on the database, with categories of the same codes but other bounds.
    await formatRace(t, {
      format: 'gran_fondo',
      startDate: '2025-06-01',
      categories: [{ code: 'F40-49', gender: 'F', minAge: 10, maxAge: 90 }],
      riders: [{ bib: 1, gender: 'F', birthYear: 1990 }],
    });
    const race = await formatRace(t, {
      format: 'gran_fondo',
      startDate: '2025-06-01',
      km: 10,
      checkpoints: [
        { kind: 'timing', name: 'Feed', distance: 3000 },
        { kind: 'timing', name: 'Col', distance: 6000 },
      ],
      // Bounds of the organiser's choosing, not the rules' default five-year bands.
      categories: [
        { code: 'F18-39', gender: 'F', minAge: 18, maxAge: 39 },
        { code: 'F40-49', gender: 'F', minAge: 40, maxAge: 49 },
        { code: 'M18-39', gender: 'M', minAge: 18, maxAge: 39 },
        { code: 'M40-49', gender: 'M', minAge: 40, maxAge: 49 },
        { code: 'M50+', gender: 'M', minAge: 50, maxAge: null },
      ],
      riders: [
        { bib: 1, gender: 'F', birthYear: 1990 }, // 35
        { bib: 2, gender: 'F', birthYear: 1980 }, // 45
        { bib: 3, gender: 'M', birthYear: 1985 }, // 40
        { bib: 4, gender: 'M', birthYear: 1970 }, // 55
        { bib: 5, gender: 'F', birthYear: 1984 }, // 41
        { bib: 6, gender: 'M', birthYear: 1995 }, // 30, abandons after the feed
        { bib: 7, gender: 'F', category: 'F40-49' }, // placed by the organiser, no birth year
      ],
    });
    // Riders report at odd milliseconds, not in finishing order.
    await pass(race, [
      [2, 'Feed', 1_190.25],
      [3, 'Feed', 1_180.5],
      [1, 'Feed', 1_200.125],
      [6, 'Feed', 1_150],
      [4, 'Feed', 1_230],
      [5, 'Feed', 1_260.75],
      [7, 'Feed', 1_300],
      [3, 'Col', 2_400],
      [2, 'Col', 2_410.5],
      [1, 'Col', 2_405],
      [4, 'Col', 2_500],
      [5, 'Col', 2_550],
      [7, 'Col', 2_600],
      [5, 'finish', 3_700.5],
      [3, 'finish', 3_600.25],
      [2, 'finish', 3_610],
      [1, 'finish', 3_620.75],
      [4, 'finish', 3_650],
      [7, 'finish', 3_800],
    ]);
    const items = await results(race);
    expect(
      items.map((r) => [r.bib, r.rank, r.gender, r.genderRank, r.ageGroup, r.ageGroupRank, r.status]),
    ).toEqual([
      [3, 1, 'M', 1, 'M40-49', 1, null],
      [2, 2, 'F', 1, 'F40-49', 1, null],
      [1, 3, 'F', 2, 'F18-39', 1, null],
      [4, 4, 'M', 2, 'M50+', 1, null],
      [5, 5, 'F', 3, 'F40-49', 2, null],
      [7, 6, 'F', 4, 'F40-49', 3, null],
      [6, null, 'M', null, 'M18-39', null, 'DNF'],
    ]);
    const feed = race.points.get('Feed')!;
    const col = race.points.get('Col')!;
    const splitsOf = (bib: number) => items.find((r) => r.bib === bib)!.splits;
    expect(splitsOf(6)).toEqual([{ checkpointId: feed, name: 'Feed', time: 1150, rank: 1, gap: 0 }]);
    expect(splitsOf(2)).toEqual([
      { checkpointId: feed, name: 'Feed', time: 1190.25, rank: 3, gap: 40.25 },
      { checkpointId: col, name: 'Col', time: 2410.5, rank: 3, gap: 10.5 },
    ]);

    // The women's ranking: every woman in overall order, each with her own place.
    const women = await results(race, '?gender=F');
    expect(women.map((r) => [r.bib, r.rank, r.genderRank])).toEqual([
      [2, 2, 1],
      [1, 3, 2],
      [5, 5, 3],
      [7, 6, 4],
    ]);
    const group = await results(race, '?ageGroup=F40-49');
    expect(group.map((r) => [r.bib, r.ageGroupRank])).toEqual([
      [2, 1],
      [5, 2],
      [7, 3],
    ]);

    const csv = await t.anonymous.get(`/api/v1/stages/${race.stageId}/results?format=csv&gender=M`);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'rank,bib,rider,team,time,gap,bonus,penalty,status,awards,gunTime,chipTime,wave,' +
        'gender,genderRank,category,categoryRank,ageGroup,ageGroupRank,' +
        'split Feed,split Feed rank,split Feed gap,split Col,split Col rank,split Col gap',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['1,3', '4,4', ',6']);
    expect(lines[2]).toMatch(/,M,2,,,M50\+,1,1230,5,80,2500,4,100$/);

    // The classification after the stage: the women's GC re-ranked among the women, places kept.
    const gc = await t.anonymous.get(`/api/v1/races/${race.raceId}/classifications/general?gender=F`);
    expect(gc.statusCode, gc.body).toBe(200);
    expect(
      gc.json().items.map((r: Line) => [r.bib, r.rank, r.genderRank, r.ageGroup, r.ageGroupRank]),
    ).toEqual([
      [2, 1, 1, 'F40-49', 1],
      [1, 2, 2, 'F18-39', 1],
      [5, 3, 3, 'F40-49', 2],
      [7, 4, 4, 'F40-49', 3],
    ]);
  });

  it('splits a road stage at every timing point, from the stage’s start', async () => {
    const race = await formatRace(t, {
      format: 'road_race',
      km: 10,
      checkpoints: [
        { kind: 'sprint', name: 'Sprint', distance: 4000 },
        { kind: 'timing', name: 'Km 7', distance: 7000 },
      ],
      riders: [{ bib: 1 }, { bib: 2 }, { bib: 3 }, { bib: 4 }],
    });
    await pass(race, [
      [1, 'Sprint', 400.5],
      [2, 'Sprint', 390],
      [3, 'Sprint', 410],
      [1, 'Km 7', 700],
      [2, 'Km 7', 700],
      [1, 'finish', 1_000],
      [2, 'finish', 1_000.4],
    ]);
    const items = await results(race);
    const sprint = race.points.get('Sprint')!;
    const km7 = race.points.get('Km 7')!;
    expect(items.map((r) => [r.bib, r.status, r.splits])).toEqual([
      [
        1,
        null,
        [
          { checkpointId: sprint, name: 'Sprint', time: 400.5, rank: 2, gap: 10.5 },
          { checkpointId: km7, name: 'Km 7', time: 700, rank: 1, gap: 0 },
        ],
      ],
      [
        2,
        null,
        [
          { checkpointId: sprint, name: 'Sprint', time: 390, rank: 1, gap: 0 },
          { checkpointId: km7, name: 'Km 7', time: 700, rank: 1, gap: 0 },
        ],
      ],
      [3, 'DNF', [{ checkpointId: sprint, name: 'Sprint', time: 410, rank: 3, gap: 20 }]],
      [4, 'DNS', []],
    ]);
  });

  it('splits from GPS where no timing system read the point', async () => {
    const race = await setUpLiveRace(t, 3);
    const start = Date.now() - 60 * 60_000;
    await race.organiser.post(`/api/v1/races/${race.raceId}/status`, { status: 'live', at: start });
    const send = async (bib: number, fixes: Array<[metres: number, secondsAfterStart: number]>) => {
      const rider = race.riders.find((r) => r.bib === bib)!;
      const token = (await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`)).json()
        .token;
      const device = new Client(t.http, { authorization: `Bearer ${token}` });
      const body = { fixes: fixes.map(([m, s]) => ({ time: start + s * 1000, ...along(m), accuracy: 5 })) };
      expect((await device.post('/api/v1/track/batch', body)).json().accepted).toBe(fixes.length);
    };
    // The sprint at 5 km is crossed half-way between the fixes either side of it.
    await send(1, [
      [4950, 495],
      [5050, 505],
      [9950, 1000],
      [10_050, 1010],
    ]);
    await send(2, [
      [4950, 498.5],
      [5050, 508.5],
    ]);
    await t.services.ingest.drain();
    const items = (await t.anonymous.get(`/api/v1/stages/${race.stageId}/results`)).json().items as Line[];
    const sprint = (bib: number) => items.find((r) => r.bib === bib)!.splits!;
    expect(sprint(1)).toHaveLength(1);
    expect(sprint(1)[0]).toMatchObject({ name: 'Sprint', rank: 1, gap: 0 });
    expect(sprint(1)[0]!.time).toBeCloseTo(500, 1);
    expect(sprint(2)[0]).toMatchObject({ name: 'Sprint', rank: 2 });
    expect(sprint(2)[0]!.gap).toBeCloseTo(3.5, 1);
    expect(sprint(3)).toEqual([]);
  });
});

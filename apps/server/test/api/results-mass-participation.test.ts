import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { formatRace, pass, stageResults } from './results-format-setup.ts';

/** Gran fondo and audax through the API, from start-mat and finish passings. */
describe.skipIf(databaseUnavailable !== null)('results: mass participation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('times a gran fondo by gun or chip, per wave, with age groups ranked on their own', async () => {
    const race = await formatRace(t, {
      format: 'gran_fondo',
      startDate: '2025-06-01',
      waves: [
        { name: 'A', startOffsetSeconds: 0 },
        { name: 'B', startOffsetSeconds: 600 },
      ],
      riders: [
        { bib: 1, gender: 'F', birthYear: 1988, wave: 'A' },
        { bib: 2, gender: 'F', birthYear: 1990, wave: 'A' },
        { bib: 3, gender: 'M', birthYear: 1960, wave: 'B' },
        { bib: 4, gender: 'M', birthYear: 1980, wave: 'A' },
      ],
    });
    // Scenario 25 for riders 1 and 2; rider 3 starts with the second wave, ten minutes later.
    await pass(race, [
      [1, 'start', 5],
      [1, 'finish', 14_400],
      [2, 'start', 150],
      [2, 'finish', 14_430],
      [3, 'finish', 600 + 14_300],
    ]);
    const line = async () =>
      (await stageResults(t, race)).items.map((r) => [
        r.bib,
        r.rank,
        r.time,
        r.gunTime,
        r.chipTime,
        r.wave,
        r.ageGroup,
        r.ageGroupRank,
        r.status,
      ]);
    expect(await line()).toEqual([
      [3, 1, 14_300, 14_300, 14_300, 'B', 'M 65+', 1, null],
      [1, 2, 14_400, 14_400, 14_395, 'A', 'F 35-39', 1, null],
      [2, 3, 14_430, 14_430, 14_280, 'A', 'F 35-39', 2, null],
      [4, null, null, null, null, 'A', 'M 45-49', null, 'DNS'],
    ]);
    await race.organiser.patch(`/api/v1/stages/${race.stageId}`, { scoring: { timingBasis: 'chip' } });
    expect(
      (await line()).map(([bib, rank, time, , , , , groupRank]) => [bib, rank, time, groupRank]),
    ).toEqual([
      [2, 1, 14_280, 1],
      [3, 2, 14_300, 1],
      [1, 3, 14_395, 2],
      [4, null, null, null],
    ]);
    const csv = await t.anonymous.get(`/api/v1/stages/${race.stageId}/results?format=csv`);
    expect(csv.body.split('\n')[0]).toBe(
      'rank,bib,rider,team,time,gap,bonus,penalty,status,awards,gunTime,chipTime,wave,gender,genderRank,category,categoryRank,ageGroup,ageGroupRank',
    );
  });

  it('lists an audax’s finishers alphabetically without ranking, with its controls’ times', async () => {
    const race = await formatRace(t, {
      format: 'audax',
      scoring: { brevetKm: 200 },
      checkpoints: [{ kind: 'timing', name: 'Control', distance: 5000 }],
      riders: [
        { bib: 1, firstName: 'Zoe', lastName: 'Adams' },
        { bib: 2, firstName: 'Carl', lastName: 'Clark' },
        { bib: 3, firstName: 'Bob', lastName: 'Brown' },
        { bib: 4, firstName: 'Dan', lastName: 'Doe' },
      ],
    });
    await pass(race, [
      [2, 'finish', 50_000],
      [1, 'finish', 30_000],
      [3, 'finish', 20_000],
    ]);
    const { items, controls } = await stageResults(t, race);
    // Clark is past the 13h30 limit of a 200 km brevet; Doe never started.
    expect(items.map((r) => [r.bib, r.rank, r.time, r.gap, r.status])).toEqual([
      [1, null, 30_000, null, null],
      [3, null, 20_000, null, null],
      [2, null, 50_000, null, 'OTL'],
      [4, null, null, null, 'DNS'],
    ]);
    const control = controls?.find((c) => c.name === 'Control');
    expect(control).toEqual({
      checkpointId: race.points.get('Control'),
      name: 'Control',
      km: 5,
      opensAfterMinutes: 9,
      closesAfterMinutes: 20,
      opens: new Date(race.start + 9 * 60_000).toISOString(),
      closes: new Date(race.start + 20 * 60_000).toISOString(),
    });
    expect(controls?.find((c) => c.name === 'Start')).toMatchObject({
      opensAfterMinutes: 0,
      closesAfterMinutes: 60,
    });
  });
});

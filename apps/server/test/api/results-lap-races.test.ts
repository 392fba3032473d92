import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';
import { formatRace, pass, stageResults } from './results-format-setup.ts';

/** Each rider's crossings of the line, seconds after the start, as a timing loop reads them. */
const laps = (byBib: Record<number, number[]>) =>
  Object.entries(byBib).flatMap(([bib, times]) =>
    times.map((s) => [Number(bib), 'finish', s] as [number, string, number]),
  );

/** Lap races through the API, from a timing loop's passings on a 1 km circuit's line. */
describe.skipIf(databaseUnavailable !== null)('results: lap races', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ranks a criterium by laps on the leader’s final lap, lapped riders behind, and gives free laps', async () => {
    const race = await formatRace(t, {
      format: 'criterium',
      laps: 5,
      riders: [1, 2, 3, 4, 5].map((bib) => ({ bib })),
    });
    await pass(
      race,
      laps({
        1: [100, 200, 300, 400, 500],
        2: [101, 201, 301, 401, 500.5],
        // Lapped: crosses the line just after the winner, still behind every lead-lap rider.
        3: [130, 260, 390, 520],
        4: [105, 210, 315, 420, 530],
        5: [110, 220],
      }),
    );
    const line = async () =>
      (await stageResults(t, race)).items.map((r) => [r.bib, r.rank, r.laps, r.lapsDown, r.status]);
    expect(await line()).toEqual([
      [1, 1, 5, 0, null],
      [2, 2, 5, 0, null],
      [4, 3, 5, 0, null],
      [3, 4, 4, 1, null],
      [5, null, 2, 0, 'DNF'],
    ]);
    const decision = await race.organiser.post(`/api/v1/stages/${race.stageId}/decisions`, {
      kind: 'free_lap',
      registrationId: race.riders.get(3),
      laps: 1,
      distanceToGo: 3000,
      reason: 'puncture, recognised by the commissaires',
    });
    expect(decision.statusCode, decision.body).toBe(201);
    expect(decision.json()).toMatchObject({ kind: 'free_lap', laps: 1, distanceToGo: 3000, bib: 3 });
    // Inside the default 8 km: no free lap.
    expect((await line())[3]).toEqual([3, 4, 4, 1, null]);
    await race.organiser.patch(`/api/v1/stages/${race.stageId}`, { scoring: { freeLapCutoff: 2000 } });
    expect(await line()).toEqual([
      [1, 1, 5, 0, null],
      [2, 2, 5, 0, null],
      [3, 3, 5, 0, null],
      [4, 4, 5, 0, null],
      [5, null, 2, 0, 'DNF'],
    ]);
    const csv = await t.anonymous.get(`/api/v1/stages/${race.stageId}/results?format=csv`);
    expect(csv.body.split('\n')[0]).toBe(
      'rank,bib,rider,team,time,gap,bonus,penalty,status,awards,laps,lapsDown,gender,genderRank,category,categoryRank,ageGroup,ageGroupRank',
    );
  });

  it('scores a points race: sprints every N laps, the final doubled, +20 for a lap gained', async () => {
    const race = await formatRace(t, {
      format: 'points_race',
      laps: 6,
      scoring: { pointsRace: { sprintEvery: 2 } },
      riders: [1, 2, 3, 4, 5].map((bib) => ({ bib })),
    });
    await pass(
      race,
      laps({
        1: [100, 200, 300, 400, 500, 600],
        2: [101, 199, 301, 399, 501, 601],
        3: [102, 201, 299, 401, 499, 602],
        4: [103, 202, 290, 380, 470, 560, 603],
        5: [110, 215],
      }),
    );
    // Sprint 2: 2, 1, 3, 4; sprint 4: 4, 2, 1, 3; final ×2: 1, 2, 3, 4; bib 4 gained a lap.
    const { items } = await stageResults(t, race);
    expect(items.map((r) => [r.bib, r.rank, r.points, r.status])).toEqual([
      [4, 1, 28, null],
      [1, 2, 15, null],
      [2, 3, 14, null],
      [3, 4, 7, null],
      [5, null, 0, 'DNF'],
    ]);
  });

  it('ranks an elimination race by the final sprint, then last out first', async () => {
    const race = await formatRace(t, {
      format: 'elimination',
      laps: 4,
      riders: [1, 2, 3, 4, 5].map((bib) => ({ bib })),
    });
    await pass(
      race,
      laps({
        1: [100, 203],
        2: [101, 202, 300, 401],
        3: [102, 201, 301, 400],
        4: [103, 200, 302],
        5: [104],
      }),
    );
    const { items } = await stageResults(t, race);
    expect(items.map((r) => [r.bib, r.rank])).toEqual([
      [3, 1],
      [2, 2],
      [4, 3],
      [1, 4],
      [5, 5],
    ]);
  });

  it('fixes a cyclocross’s laps from the target and pulls riders by the 80 % rule', async () => {
    const race = await formatRace(t, {
      format: 'cyclocross',
      laps: 6,
      scoring: { targetMinutes: 20 },
      riders: [1, 2, 3, 4, 5].map((bib) => ({ bib })),
    });
    await pass(
      race,
      laps({
        // Leader laps of 5:00 and 5:10 → 4 laps for 20 minutes; the threshold is 0.8 × 5:00 = 4:00.
        1: [300, 610, 920, 1230],
        2: [310, 625, 940, 1250],
        3: [400, 850, 1300],
        4: [450, 900],
      }),
    );
    const { items } = await stageResults(t, race);
    expect(items.map((r) => [r.bib, r.rank, r.time, r.gap, r.laps, r.lapsDown, r.status])).toEqual([
      [1, 1, 1230, 0, 4, 0, null],
      [2, 2, 1250, 20, 4, 0, null],
      [3, 3, 850, null, 2, 2, 'PUL'],
      [4, 4, 900, null, 2, 2, 'PUL'],
      [5, null, null, null, 0, 0, 'DNS'],
    ]);
  });

  it('counts a loop’s passings by chip, numbering a rider’s reads as laps', async () => {
    const race = await formatRace(t, {
      format: 'criterium',
      laps: 2,
      riders: [
        { bib: 1, deviceId: 'CHIP-A' },
        { bib: 2, deviceId: 'CHIP-B' },
      ],
    });
    await pass(race, [
      ['CHIP-B', 'finish', 101],
      ['CHIP-A', 'finish', 100],
      ['CHIP-A', 'finish', 199],
      ['CHIP-B', 'finish', 200],
    ]);
    const { items } = await stageResults(t, race);
    expect(items.map((r) => [r.bib, r.rank, r.laps, r.time])).toEqual([
      [1, 1, 2, 199],
      [2, 2, 2, 200],
    ]);
    const csv = `chip,point,time,lap\nNOPE,finish,${race.start},\n,finish,${race.start},0\n`;
    const unknown = expectProblem(
      await race.organiser.post(`/api/v1/stages/${race.stageId}/passings`, csv, {
        'content-type': 'text/csv',
      }),
      422,
    );
    expect(unknown.errors).toEqual([
      { line: 3, detail: 'a passing needs a bib or a chip; lap "0" is not a lap number' },
    ]);
    const unmatched = expectProblem(
      await race.organiser.post(`/api/v1/stages/${race.stageId}/passings`, [
        { chip: 'NOPE', point: 'finish', time: race.start },
      ]),
      422,
    );
    expect(unmatched.errors).toEqual([{ line: 1, detail: 'no rider with chip NOPE in this race' }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';
import { formatRace, pass, stageResults } from './results-format-setup.ts';

/** Time trials through the API: start lists, times from the scheduled start, splits, the TTT's Nth rider. */
describe.skipIf(databaseUnavailable !== null)('results: time trials', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('times each rider from their drawn start, keeps hundredths and ranks the splits', async () => {
    const race = await formatRace(t, {
      format: 'individual_time_trial',
      riders: [1, 2, 3, 4].map((bib) => ({ bib })),
      checkpoints: [{ kind: 'timing', name: 'Split', distance: 5000 }],
    });
    const drawn = await race.organiser.post(`/api/v1/stages/${race.stageId}/start-times/generate`, {
      firstStart: new Date(race.start).toISOString(),
      interval: 60,
      lastRiders: 1,
      lastInterval: 120,
    });
    expect(drawn.statusCode, drawn.body).toBe(200);
    // No GC before the first stage: bib order, the last starter two minutes after the one before.
    expect(drawn.json().items.map((s: { bib: number; start: string }) => [s.bib, s.start])).toEqual(
      [0, 60, 120, 240].map((s, k) => [k + 1, new Date(race.start + s * 1000).toISOString()]),
    );
    await pass(race, [
      [1, 'Split', 600.25],
      [1, 'finish', 1200.37],
      [2, 'Split', 60 + 590.1],
      [2, 'finish', 60 + 1195.5],
      [3, 'Split', 120 + 610],
      [3, 'finish', 120 + 1201],
    ]);
    const { items } = await stageResults(t, race);
    expect(items.map((r) => [r.bib, r.rank, r.time, r.status])).toEqual([
      [2, 1, 1195.5, null],
      [1, 2, 1200.37, null],
      [3, 3, 1201, null],
      [4, null, null, 'DNS'],
    ]);
    expect(items[1]!.gap).toBeCloseTo(4.87, 6);
    const split = race.points.get('Split')!;
    expect(items.map((r) => r.splits)).toEqual([
      [{ checkpointId: split, name: 'Split', time: 590.1, rank: 1, gap: 0 }],
      [{ checkpointId: split, name: 'Split', time: 600.25, rank: 2, gap: 10.15 }],
      [{ checkpointId: split, name: 'Split', time: 610, rank: 3, gap: 19.9 }],
      [],
    ]);
    const csv = await t.anonymous.get(`/api/v1/stages/${race.stageId}/results?format=csv`);
    expect(csv.body.split('\n')[0]).toBe(
      'rank,bib,rider,team,time,gap,bonus,penalty,status,awards,gender,genderRank,category,categoryRank,ageGroup,ageGroupRank,split Split,split Split rank,split Split gap',
    );
    expect(csv.body.split('\n')[1]).toMatch(/,590\.1,1,0$/);
  });

  it('times a rider from the start the list gives, not from when they left', async () => {
    const race = await formatRace(t, {
      format: 'individual_time_trial',
      riders: [{ bib: 7 }, { bib: 8 }],
    });
    const set = await race.organiser.put(`/api/v1/stages/${race.stageId}/start-times`, {
      items: [
        { bib: 8, start: race.start + 60_000 },
        { bib: 7, start: new Date(race.start).toISOString() },
      ],
    });
    expect(set.json().items.map((s: { bib: number; order: number }) => [s.bib, s.order])).toEqual([
      [7, 1],
      [8, 2],
    ]);
    // Scenario 19: bib 7 crosses the start mat 20 s late; the time still runs from its scheduled start.
    await pass(race, [
      [7, 'start', 20],
      [7, 'finish', 1470.37],
      [8, 'finish', 60 + 1470],
    ]);
    const { items } = await stageResults(t, race);
    expect(items.map((r) => [r.bib, r.rank, r.time])).toEqual([
      [8, 1, 1470],
      [7, 2, 1470.37],
    ]);
    const listed = (await t.anonymous.get(`/api/v1/stages/${race.stageId}/start-times`)).json().items;
    expect(listed.map((s: { bib: number }) => s.bib)).toEqual([7, 8]);
  });

  it('refuses a start list naming riders not in the race, and changes nothing', async () => {
    const race = await formatRace(t, { format: 'individual_time_trial', riders: [{ bib: 1 }] });
    const problem = expectProblem(
      await race.organiser.put(`/api/v1/stages/${race.stageId}/start-times`, {
        items: [
          { bib: 1, start: race.start },
          { bib: 99, start: race.start + 60_000 },
          { bib: 1, start: race.start + 120_000 },
        ],
      }),
      422,
    );
    expect(problem.errors).toEqual([
      { pointer: '/items/1/bib', detail: 'no rider with bib 99 in this race' },
      { pointer: '/items/2/bib', detail: 'bib 1 is on the list twice' },
    ]);
    expect((await t.anonymous.get(`/api/v1/stages/${race.stageId}/start-times`)).json().items).toEqual([]);
    const road = await formatRace(t, { format: 'road_race', riders: [{ bib: 1 }] });
    expectProblem(
      await road.organiser.post(`/api/v1/stages/${road.stageId}/start-times/generate`, {
        firstStart: new Date(road.start).toISOString(),
      }),
      409,
    );
  });

  it('gives a team the time of its Nth rider, dropped riders their own (scenario 21)', async () => {
    const race = await formatRace(t, {
      format: 'team_time_trial',
      scoring: { countingRider: 4 },
      riders: [
        ...[11, 12, 13, 14, 15].map((bib) => ({ bib, team: 'Alpha' })),
        ...[21, 22, 23, 24].map((bib) => ({ bib, team: 'Beta' })),
      ],
    });
    const items = [11, 12, 13, 14, 15, 21, 22, 23, 24].map((bib) => ({
      bib,
      start: race.start + (bib > 20 ? 120_000 : 0),
    }));
    expect(
      (await race.organiser.put(`/api/v1/stages/${race.stageId}/start-times`, { items })).statusCode,
    ).toBe(200);
    await pass(race, [
      [11, 'finish', 1800.1],
      [12, 'finish', 1800.2],
      [13, 'finish', 1800.35],
      [14, 'finish', 1800.5],
      [15, 'finish', 1845],
      // Beta has only three finishers, fewer than N: all get the last one's time.
      [21, 'finish', 120 + 1790],
      [22, 'finish', 120 + 1790.5],
      [23, 'finish', 120 + 1791],
    ]);
    const { items: rows } = await stageResults(t, race);
    expect(rows.map((r) => [r.bib, r.time, r.status])).toEqual([
      [21, 1791, null],
      [22, 1791, null],
      [23, 1791, null],
      [11, 1800.5, null],
      [12, 1800.5, null],
      [13, 1800.5, null],
      [14, 1800.5, null],
      [15, 1845, null],
      [24, null, 'DNS'],
    ]);
    await race.organiser.patch(`/api/v1/stages/${race.stageId}`, {
      scoring: { countingRider: 5 },
    });
    const fifth = (await stageResults(t, race)).items;
    expect(fifth.filter((r) => r.bib < 20).map((r) => r.time)).toEqual([1845, 1845, 1845, 1845, 1845]);
  });

  it('ranks on the millisecond a timing system read, shows hundredths, and shares the rank of a dead heat', async () => {
    const race = await formatRace(t, {
      format: 'individual_time_trial',
      riders: [11, 12, 13, 14, 15].map((bib) => ({ bib })),
      checkpoints: [{ kind: 'timing', name: 'Split', distance: 5000 }],
    });
    const starts = [11, 12, 13, 14, 15].map((bib, k) => ({ bib, start: race.start + k * 60_000 }));
    await race.organiser.put(`/api/v1/stages/${race.stageId}/start-times`, { items: starts });
    // The timing system exports times of day (the race is in UTC) and epoch ms, read to the millisecond.
    const timeOfDay = (bib: number, seconds: number) =>
      new Date(race.start + (bib - 11) * 60_000 + seconds * 1000).toISOString().slice(11, 23);
    const csv = [
      'bib,point,time',
      `12,finish,${timeOfDay(12, 1470.372)}`,
      `11,finish,${timeOfDay(11, 1470.373)}`,
      `13,finish,${race.start + 2 * 60_000 + 1470_371}`,
      `14,finish,${timeOfDay(14, 1470.371)}`,
      `15,Split,${timeOfDay(15, 600.009)}`,
      `13,Split,${timeOfDay(13, 600.001)}`,
      `15,finish,${timeOfDay(15, 1471.999)}`,
    ].join('\n');
    const imported = await race.organiser.post(`/api/v1/stages/${race.stageId}/passings`, csv, {
      'content-type': 'text/csv',
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const results = await stageResults(t, race);
    expect(results).toMatchObject({ timePrecision: 'hundredths' });
    // 13 and 14 level to the millisecond share first; 12 is 1 ms behind them, 11 1 ms behind 12.
    expect(results.items.map((r) => [r.bib, r.rank, r.time, r.gap])).toEqual([
      [13, 1, 1470.371, 0],
      [14, 1, 1470.371, 0],
      [12, 3, 1470.372, 0.001],
      [11, 4, 1470.373, 0.002],
      [15, 5, 1471.999, 1.628],
    ]);
    const split = race.points.get('Split')!;
    expect(results.items.find((r) => r.bib === 15)!.splits).toEqual([
      { checkpointId: split, name: 'Split', time: 600.009, rank: 2, gap: 0.008 },
    ]);
    const csvOut = (await t.anonymous.get(`/api/v1/stages/${race.stageId}/results?format=csv`)).body;
    expect(
      csvOut
        .split('\n')
        .slice(1, 4)
        .map((l) => l.split(',').slice(0, 6)),
    ).toEqual([
      ['1', '13', 'Rider 13', '', '1470.371', '0'],
      ['1', '14', 'Rider 14', '', '1470.371', '0'],
      ['3', '12', 'Rider 12', '', '1470.372', '0.001'],
    ]);
  });

  it('keeps a road stage in whole seconds, placed in the order the riders crossed', async () => {
    const race = await formatRace(t, { format: 'road_race', riders: [1, 2].map((bib) => ({ bib })) });
    await pass(race, [
      [2, 'finish', 3600.4],
      [1, 'finish', 3600.399],
    ]);
    const results = await stageResults(t, race);
    expect(results).toMatchObject({ timePrecision: 'seconds' });
    expect(results.items.map((r) => [r.bib, r.rank, r.time])).toEqual([
      [1, 1, 3600],
      [2, 2, 3600],
    ]);
  });

  it('takes an official time-trial file with milliseconds and ranks on them', async () => {
    const race = await formatRace(t, {
      format: 'individual_time_trial',
      riders: [21, 22, 23].map((bib) => ({ bib })),
    });
    const csv = [
      'stage,bib,rider,team,time,bonus,penalty,status',
      '1,21,Rider 21,,0:24:30.372,,,',
      '1,22,Rider 22,,"0:24:30,371",,,',
      '1,23,Rider 23,,1470.3719,,,',
    ].join('\n');
    const imported = await race.organiser.post(`/api/v1/races/${race.raceId}/results/import`, csv, {
      'content-type': 'text/csv',
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const results = await stageResults(t, race);
    // 23's ten-thousandths are beyond what is kept: level with 22 to the millisecond, sharing the rank.
    expect(results.items.map((r) => [r.bib, r.rank, r.time, r.gap])).toEqual([
      [22, 1, 1470.371, 0],
      [23, 1, 1470.371, 0],
      [21, 3, 1470.372, 0.001],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, setUpLiveRace } from '../support/live-race.ts';
import { Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';
import { type FormatRace, formatRace, pass, stageResults } from './results-format-setup.ts';

/**
 * The commissaires' decisions that change how a stage is scored (GC times taken before the finish, the
 * final-kilometres rule, combativity), and timing passings overriding GPS at an intermediate point.
 */
describe.skipIf(databaseUnavailable !== null)('results: format decisions and intermediate passings', () => {
  let t: TestApp;
  let race: FormatRace;

  beforeAll(async () => {
    t = await startTestApp();
    race = await formatRace(t, {
      format: 'road_race',
      riders: [1, 2, 3, 4].map((bib) => ({ bib })),
      checkpoints: [{ kind: 'timing', name: 'Lap to go', distance: 8000 }],
    });
    await pass(race, [
      [1, 'Lap to go', 800],
      [2, 'Lap to go', 800.2],
      [4, 'Lap to go', 800.4],
      [3, 'Lap to go', 805],
      [1, 'finish', 1000],
      [2, 'finish', 1000.5],
      [3, 'finish', 1010],
      [4, 'finish', 1030],
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const decide = (body: Record<string, unknown>) =>
    race.organiser.post(`/api/v1/stages/${race.stageId}/decisions`, body);
  const gc = async () =>
    (await t.anonymous.get(`/api/v1/races/${race.raceId}/classifications/general`))
      .json()
      .items.map((r: { bib: number; time: number }) => [r.bib, r.time]);
  const stage = async () => (await stageResults(t, race)).items.map((r) => [r.bib, r.rank, r.time]);

  it('counts GC times at a timing point before the finish, the stage keeping its real times', async () => {
    const decided = await decide({
      kind: 'gc_time_point',
      checkpointId: race.points.get('Lap to go'),
      reason: 'rain: GC times taken with one lap to go',
    });
    expect(decided.statusCode, decided.body).toBe(201);
    expect(decided.json()).toMatchObject({ kind: 'gc_time_point', registrationId: null, bib: null });
    expect(await stage()).toEqual([
      [1, 1, 1000],
      [2, 2, 1000],
      [3, 3, 1010],
      [4, 4, 1030],
    ]);
    // 800, 800.2 and 800.4 are one group at the point; ties broken by the stage placings.
    expect(await gc()).toEqual([
      [1, 800],
      [2, 800],
      [4, 800],
      [3, 805],
    ]);
    const own = await decide({
      kind: 'gc_time',
      registrationId: race.riders.get(4),
      seconds: 790,
      reason: 'jury: time taken by hand at the line',
    });
    expect(own.statusCode, own.body).toBe(201);
    expect((await gc())[0]).toEqual([4, 790]);
    expect((await race.organiser.delete(`/api/v1/decisions/${own.json().id}`)).statusCode).toBe(204);
    expect((await gc())[0]).toEqual([1, 800]);
  });

  it('gives a rider caught in a crash in the final kilometres their group’s time, keeping their place', async () => {
    const covered = await decide({
      kind: 'final_km_incident',
      registrationId: race.riders.get(3),
      distanceToGo: 1500,
      sameGroupAs: 1,
      reason: 'crash at 1.5 km to go, noted by the commissaires',
    });
    expect(covered.statusCode, covered.body).toBe(201);
    expect(covered.json()).toMatchObject({ distanceToGo: 1500, sameGroupAs: 1 });
    const outside = await decide({
      kind: 'final_km_incident',
      registrationId: race.riders.get(4),
      distanceToGo: 3500,
      sameGroupAs: 1,
      reason: 'puncture at 3.5 km to go',
    });
    expect(outside.statusCode).toBe(201);
    expect(await stage()).toEqual([
      [1, 1, 1000],
      [2, 2, 1000],
      [3, 3, 1000],
      [4, 4, 1030],
    ]);
  });

  it('shows the combativity award on the rider’s line', async () => {
    expect(
      (
        await decide({
          kind: 'combativity',
          registrationId: race.riders.get(4),
          reason: 'in the break all day',
        })
      ).statusCode,
    ).toBe(201);
    const { items } = await stageResults(t, race);
    expect(items.map((r) => [r.bib, r.awards ?? []])).toEqual([
      [1, []],
      [2, []],
      [3, []],
      [4, ['combativity']],
    ]);
  });

  it('refuses decisions naming what is not in the stage or race (422), and audits the others', async () => {
    expectProblem(
      await decide({
        kind: 'gc_time_point',
        checkpointId: '00000000-0000-4000-8000-000000000000',
        reason: 'a point elsewhere',
      }),
      422,
    );
    expectProblem(
      await decide({
        kind: 'final_km_incident',
        registrationId: race.riders.get(2),
        distanceToGo: 500,
        sameGroupAs: 99,
        reason: 'crash in the sprint',
      }),
      422,
    );
    const audit = (await t.admin.get(`/api/v1/audit?targetType=stage&targetId=${race.stageId}`)).json().items;
    const actions = audit.map((e: { action: string }) => e.action);
    for (const action of [
      'decision.gc_time_point',
      'decision.gc_time',
      'decision.final_km_incident',
      'decision.combativity',
      'passings.import',
    ]) {
      expect(actions).toContain(action);
    }
  });

  it('lets a timing system’s passing at an intermediate sprint override the GPS crossing there', async () => {
    const live = await setUpLiveRace(t, 2);
    const start = Math.floor(Date.now() / 1000) * 1000 - 3600_000;
    await live.organiser.patch(`/api/v1/stages/${live.stageId}`, { scoring: { sprintBonus: [3, 2, 1] } });
    await live.organiser.post(`/api/v1/races/${live.raceId}/status`, { status: 'live', at: start });
    for (const [bib, offset] of [
      [1, 0],
      [2, 2],
    ] as const) {
      const rider = live.riders.find((r) => r.bib === bib)!;
      const token = (await live.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`)).json()
        .token;
      const device = new Client(t.http, { authorization: `Bearer ${token}` });
      const fixes = [
        [4950, 490],
        [5050, 500],
        [9950, 1000],
        [10_050, 1010],
      ].map(([m, s]) => ({ time: start + (s! + offset) * 1000, ...along(m!), accuracy: 5 }));
      expect((await device.post('/api/v1/track/batch', { fixes })).json().accepted).toBe(4);
    }
    await t.services.ingest.drain();
    const bonuses = async () =>
      (await live.organiser.get(`/api/v1/stages/${live.stageId}/results`))
        .json()
        .items.map((r: { bib: number; bonus: number }) => [r.bib, r.bonus]);
    expect(await bonuses()).toEqual([
      [1, 3],
      [2, 2],
    ]);
    const csv = `bib,point,time\n2,Sprint,${start + 494_000}\n`;
    const imported = await live.organiser.post(`/api/v1/stages/${live.stageId}/passings`, csv, {
      'content-type': 'text/csv',
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(await bonuses()).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });
});

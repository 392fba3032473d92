import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { addStartableStage, along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

type Line = { bib: number; rank: number | null; time: number | null; status: string | null; rider: string };
type AuditItem = { action: string; details: { reason?: string; triggeredBy?: string | null } };

/**
 * Stage results are stored when the stage finishes, from the stage's own evidence, computed again on
 * new evidence, frozen by approval and changed only by an audited reopening. A database that already
 * holds another race (its own riders' fixes at the same times) must not leak into this one.
 */
describe.skipIf(databaseUnavailable !== null)('stored results', () => {
  let t: TestApp;
  let race: LiveRace;
  let other: LiveRace;
  let stage2: string;
  const start = Date.now() - 6 * 3600_000;
  const finishedAt = start + 2000_000;
  const devices = new Map<string, Client>();

  /** Sends a rider's fixes as their tracker would: metres along the course, seconds after the start. */
  const send = async (
    of: LiveRace,
    bib: number,
    fixes: Array<[metres: number, secondsAfterStart: number]>,
  ) => {
    const rider = of.riders.find((r) => r.bib === bib)!;
    let device = devices.get(rider.id);
    if (!device) {
      const token = (await of.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`)).json().token;
      device = new Client(t.http, { authorization: `Bearer ${token}` });
      devices.set(rider.id, device);
    }
    // Milliseconds as phones report them, not whole seconds.
    const body = {
      fixes: fixes.map(([m, s]) => ({ time: Math.round(start + s * 1000), ...along(m), accuracy: 5 })),
    };
    expect((await device.post('/api/v1/track/batch', body)).json().accepted).toBe(fixes.length);
    await t.services.ingest.drain();
  };
  const stageResults = async (stageId = race.stageId) => {
    const response = await race.organiser.get(`/api/v1/stages/${stageId}/results`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { state: string; items: Line[] };
  };
  const lines = (rows: Line[]) => rows.map((r) => [r.bib, r.rank, r.time, r.status]);
  const csv = async () =>
    (await race.organiser.get(`/api/v1/stages/${race.stageId}/results?format=csv`)).body;
  const gc = async (after = '') =>
    (await race.organiser.get(`/api/v1/races/${race.raceId}/classifications/general${after}`)).body;
  const recomputes = async () =>
    (
      (await t.admin.get(`/api/v1/audit?targetType=stage&targetId=${race.stageId}`)).json()
        .items as AuditItem[]
    ).filter((e) => e.action === 'results.recompute');

  beforeAll(async () => {
    t = await startTestApp();
    other = await setUpLiveRace(t, 3);
    race = await setUpLiveRace(t, 5);
    for (const r of [other, race]) {
      const live = await r.organiser.post(`/api/v1/races/${r.raceId}/status`, { status: 'live', at: start });
      expect(live.statusCode, live.body).toBe(200);
    }
    // The finish at 10 km is crossed between the fixes at 9,950 m and 10,050 m.
    await send(race, 1, [
      [5000, 500.25],
      [9950, 1000.125],
      [10_050, 1010.125],
    ]);
    await send(race, 2, [
      [5000, 505.5],
      [9950, 1003.5],
      [10_050, 1013.5],
    ]);
    await send(race, 3, [
      [5000, 520],
      [9950, 1015],
      [10_050, 1025],
    ]);
    await send(race, 4, [[5000, 530]]);
    stage2 = await addStartableStage(race.organiser, race.raceId);
    // The other race's riders ride the same course at the same moments, faster.
    await send(other, 1, [
      [9950, 900],
      [10_050, 910],
    ]);
    const finished = await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
      status: 'finished',
      at: finishedAt,
    });
    expect(finished.statusCode, finished.body).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores the results once when the stage finishes, and serves them without computing again', async () => {
    const first = await stageResults();
    expect(first.state).toBe('provisional');
    expect(lines(first.items)).toEqual([
      [1, 1, 1005, null],
      [2, 2, 1008, null],
      [3, 3, 1020, null],
      [4, null, null, 'DNF'],
      [5, null, null, 'DNS'],
    ]);
    await stageResults();
    await gc();
    const audited = await recomputes();
    expect(audited.map((e) => e.details.reason)).toEqual(['stage finished']);
  });

  it('never counts a later stage’s fixes in an earlier stage, even when it is computed again', async () => {
    // Race control starts the next stage two hours later.
    const started = await race.organiser.post(`/api/v1/stages/${stage2}/status`, {
      status: 'live',
      at: start + 2 * 3600_000,
    });
    expect(started.statusCode, started.body).toBe(200);
    // Rider 4 rides the same road on stage 2 and crosses the line stage 1 finished on.
    await send(race, 4, [
      [9950, 2 * 3600 + 1000],
      [10_050, 2 * 3600 + 1010],
    ]);
    // A start-list edit makes the provisional results be computed again, with the new name.
    const renamed = await race.organiser.patch(`/api/v1/registrations/${race.riders[3]!.id}`, {
      lastName: 'Quatre',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = await stageResults();
    expect(lines(after.items)[3]).toEqual([4, null, null, 'DNF']);
    expect(after.items[3]!.rider).toBe('Rider Quatre');
    expect((await recomputes()).map((e) => e.details.reason)).toEqual([
      'registration.update',
      'stage finished',
    ]);
  });

  it('recomputes a finished, provisional stage when a late batch arrives inside its window', async () => {
    // Rider 4's phone was offline: the end of the stage arrives after the finish, timed before it.
    await send(race, 4, [
      [9950, 1890.5],
      [10_050, 1900.5],
    ]);
    // Off the request path: the background sweep computes them again once the batch has settled.
    const deadline = Date.now() + 8000;
    while ((await recomputes())[0]?.details.reason !== 'late fixes' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await recomputes())[0]!.details.reason).toBe('late fixes');
    expect(lines((await stageResults()).items)[3]).toEqual([4, 4, 1895, null]);
  });

  it('names the passings, fixes and decisions a stored result was computed from', async () => {
    const passing = start + 1007_250;
    const imported = await race.organiser.post(
      `/api/v1/stages/${race.stageId}/passings`,
      `bib,point,time\n2,finish,${new Date(passing).toISOString()}\n`,
      { 'content-type': 'text/csv' },
    );
    expect(imported.statusCode, imported.body).toBe(200);
    expect(lines((await stageResults()).items)[1]).toEqual([2, 2, 1007, null]);
    const penalty = await race.organiser.post(`/api/v1/stages/${race.stageId}/decisions`, {
      kind: 'penalty',
      registrationId: race.riders[1]!.id,
      seconds: 20,
      reason: 'Irregular sprint',
    });
    expect(penalty.statusCode, penalty.body).toBe(201);
    const rider2 = await t.anonymous.get(
      `/api/v1/stages/${race.stageId}/results/${race.riders[1]!.id}/evidence`,
    );
    expect(rider2.statusCode, rider2.body).toBe(200);
    const evidence = rider2.json();
    expect(evidence).toMatchObject({ source: 'timing', state: 'provisional', reason: 'decision.penalty' });
    const finish = evidence.crossings.find((c: { kind: string }) => c.kind === 'finish');
    expect(finish).toMatchObject({
      source: 'timing',
      at: passing,
      passing: { lap: 1, at: passing },
      fixes: [],
    });
    expect(evidence.decisions).toEqual([
      expect.objectContaining({ id: penalty.json().id, kind: 'penalty', reason: 'Irregular sprint' }),
    ]);
    expect(evidence.row).toMatchObject({ bib: 2, penalty: 20 });
    expect(evidence.window).toEqual({
      from: new Date(start - 10 * 60_000).toISOString(),
      to: new Date(finishedAt + 30 * 60_000).toISOString(),
    });

    const rider1 = (
      await t.anonymous.get(`/api/v1/stages/${race.stageId}/results/${race.riders[0]!.id}/evidence`)
    ).json();
    const gps = rider1.crossings.find((c: { kind: string }) => c.kind === 'finish');
    expect(gps).toMatchObject({ source: 'gps', passing: null, fixes: [start + 1000_125, start + 1010_125] });
    expect(rider1.fixesInWindow).toBe(3);
    expect(rider1.decisions).toEqual([]);
    const none = await t.anonymous.get(
      `/api/v1/stages/${race.stageId}/results/${other.riders[0]!.id}/evidence`,
    );
    expectProblem(none, 404);
  });

  it('stores an imported official file the same way, its evidence naming the file', async () => {
    const number = (await race.organiser.get(`/api/v1/races/${race.raceId}/stages`))
      .json()
      .items.find((s: { id: string }) => s.id === stage2).number;
    const file = `stage,bib,rider,team,time,bonus,penalty,status\n${number},4,Rider Quatre,,1:02:03.45,0,0,\n${number},1,Rider 1,,1:02:05,0,0,\n`;
    const imported = await race.organiser.post(`/api/v1/races/${race.raceId}/results/import`, file, {
      'content-type': 'text/csv',
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(lines((await stageResults(stage2)).items)).toEqual([
      [4, 1, 3723, null],
      [1, 2, 3725, null],
    ]);
    const evidence = (
      await t.anonymous.get(`/api/v1/stages/${stage2}/results/${race.riders[3]!.id}/evidence`)
    ).json();
    expect(evidence).toMatchObject({ source: 'import', window: null, fixesInWindow: 0, crossings: [] });
  });

  it('keeps approved results and their CSV byte-identical through late fixes and start-list edits', async () => {
    const approved = await race.organiser.post(`/api/v1/stages/${race.stageId}/results/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    const json = (await race.organiser.get(`/api/v1/stages/${race.stageId}/results`)).body;
    const table = await csv();
    // After stage 1 only: stage 2's imported results are still provisional and follow the start list.
    const classification = await gc('?stage=1');
    expect(JSON.parse(json).state).toBe('official');
    expect(JSON.parse(classification).state).toBe('official');

    // Rider 5's tracker uploads a whole ride inside the stage's window, and rider 1 is renamed.
    await send(race, 5, [
      [5000, 450],
      [9950, 950],
      [10_050, 960],
    ]);
    const edited = await race.organiser.patch(`/api/v1/registrations/${race.riders[0]!.id}`, {
      firstName: 'Renamed',
      team: 'Other Team',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3500)); // the background sweep's turn
    expect((await race.organiser.get(`/api/v1/stages/${race.stageId}/results`)).body).toBe(json);
    expect(await csv()).toBe(table);
    expect(await gc('?stage=1')).toBe(classification);
    expect(JSON.parse(await gc()).items[0].rider).toBe('Renamed 1');
    expectProblem(
      await race.organiser.post(`/api/v1/stages/${race.stageId}/decisions`, {
        kind: 'penalty',
        registrationId: race.riders[0]!.id,
        seconds: 10,
        reason: 'Too late',
      }),
      409,
    );
  });

  it('changes official results only through an audited reopening, then from the evidence as it stands', async () => {
    const { client: commissaire } = await t.signIn('commissaire');
    expectProblem(
      await commissaire.post(`/api/v1/stages/${race.stageId}/results/reopen`, { reason: 'Late data' }),
      403,
    );
    expectProblem(await race.organiser.post(`/api/v1/stages/${race.stageId}/results/reopen`, {}), 400);
    const reopened = await race.organiser.post(`/api/v1/stages/${race.stageId}/results/reopen`, {
      reason: 'Rider 5’s recording arrived',
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toEqual({ state: 'provisional' });
    const log = (await t.admin.get(`/api/v1/audit?targetType=stage&targetId=${race.stageId}`)).json()
      .items as AuditItem[];
    expect(log.find((e) => e.action === 'results.reopen')?.details.reason).toBe(
      'Rider 5’s recording arrived',
    );
    expect(log[0]).toMatchObject({
      action: 'results.recompute',
      details: { reason: 'reopened: Rider 5’s recording arrived' },
    });

    const after = await stageResults();
    expect(after.state).toBe('provisional');
    expect(lines(after.items).slice(0, 2)).toEqual([
      [5, 1, 955, null],
      [1, 2, 1005, null],
    ]);
    expect(after.items[1]!.rider).toBe('Renamed 1');
    expectProblem(
      await race.organiser.post(`/api/v1/stages/${race.stageId}/results/reopen`, { reason: 'Again' }),
      409,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

/** Stage results from what was recorded: GPS fixes, with a timing system's finish passings on top. */
describe.skipIf(databaseUnavailable !== null)('results from GPS and timing passings', () => {
  let t: TestApp;
  let race: LiveRace;
  const start = Date.now() - 60 * 60_000;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 5);
    await race.organiser.post(`/api/v1/races/${race.raceId}/status`, { status: 'live', at: start });
    // Phones report at least once a minute (a longer silence puts a crossing to review): between the
    // waypoints given, the rider rides at an even pace with a fix every minute.
    const send = async (bib: number, waypoints: Array<[metres: number, secondsAfterStart: number]>) => {
      const fixes: Array<[number, number]> = [];
      let from: [number, number] = [0, 0];
      for (const to of waypoints) {
        for (let s = from[1] + 60; s < to[1]; s += 60)
          fixes.push([from[0] + ((to[0] - from[0]) * (s - from[1])) / (to[1] - from[1]), s]);
        fixes.push(to);
        from = to;
      }
      const rider = race.riders.find((r) => r.bib === bib)!;
      const token = (await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`)).json()
        .token;
      const device = new Client(t.http, { authorization: `Bearer ${token}` });
      const body = { fixes: fixes.map(([m, s]) => ({ time: start + s * 1000, ...along(m), accuracy: 5 })) };
      expect((await device.post('/api/v1/track/batch', body)).json().accepted).toBe(fixes.length);
    };
    // The 10 km course's finish is crossed between the fixes at 9,950 m and 10,050 m.
    await send(1, [
      [5000, 500],
      [9950, 1000],
      [10_050, 1010],
    ]);
    await send(2, [
      [5000, 505],
      [9950, 1000.5],
      [10_050, 1010.5],
    ]);
    await send(3, [
      [5000, 520],
      [9950, 1015],
      [10_050, 1025],
    ]);
    await send(4, [[5000, 530]]);
    await t.services.ingest.drain();
  });
  afterAll(async () => {
    await t?.close();
  });

  const results = async () =>
    (await race.organiser.get(`/api/v1/stages/${race.stageId}/results`)).json().items;
  const line = (
    rows: Array<{ bib: number; rank: number | null; time: number | null; status: string | null }>,
  ) => rows.map((r) => [r.bib, r.rank, r.time, r.status]);

  it('times finishers from their interpolated crossing, in same-time groups, and marks DNF and DNS', async () => {
    expect(line(await results())).toEqual([
      [1, 1, 1005, null],
      [2, 2, 1005, null],
      [3, 3, 1020, null],
      [4, null, null, 'DNF'],
      [5, null, null, 'DNS'],
    ]);
  });

  it('lets a timing system’s finish passing override the GPS crossing', async () => {
    const csv = `bib,point,time\n3,finish,${new Date(start + 1001_200).toISOString()}\n`;
    const imported = await race.organiser.post(`/api/v1/stages/${race.stageId}/passings`, csv, {
      'content-type': 'text/csv',
    });
    expect(imported.json()).toEqual({ imported: 1 });
    expect(line(await results()).slice(0, 3)).toEqual([
      [3, 1, 1001, null],
      [1, 2, 1005, null],
      [2, 3, 1005, null],
    ]);
  });

  it('names passings it cannot use, by line, and takes none of them', async () => {
    const csv =
      'bib,point,time\n1,finish,2024-07-05T15:00:00Z\n99,finish,2024-07-05T15:00:00Z\n2,Summit,2024-07-05T15:00:00Z\n3,finish,yesterday\n';
    const problem = expectProblem(
      await race.organiser.post(`/api/v1/stages/${race.stageId}/passings`, csv, {
        'content-type': 'text/csv',
      }),
      422,
    );
    expect((problem.errors as Array<{ line: number }>).map((e) => e.line)).toEqual([5]);
    const json = [
      { bib: 99, point: 'finish', time: start },
      { bib: 2, point: 'Summit', time: start },
    ];
    const unmatched = expectProblem(
      await race.organiser.post(`/api/v1/stages/${race.stageId}/passings`, json),
      422,
    );
    expect(unmatched.errors).toEqual([
      { line: 1, detail: 'no rider with bib 99 in this race' },
      { line: 2, detail: 'no timing point "Summit" on this stage' },
    ]);
    expect(line(await results())[0]).toEqual([3, 1, 1001, null]);
  });

  it('scores bonuses, points and mountains as the stage is configured', async () => {
    const climb = await race.organiser.post(`/api/v1/stages/${race.stageId}/checkpoints`, {
      kind: 'climb',
      name: 'Côte de Test',
      climbCategory: '4',
      distance: 7000,
    });
    expect(climb.statusCode).toBe(201);
    const scoring = {
      finishBonus: [10, 6, 4],
      sprintBonus: [3, 2, 1],
      finishPoints: [25, 20, 16],
      sprintPoints: [5, 3, 1],
    };
    const patched = await race.organiser.patch(`/api/v1/stages/${race.stageId}`, { scoring });
    expect(patched.json().scoring).toMatchObject({
      ...scoring,
      sameTimeThreshold: 1,
      timeLimitPercent: null,
    });
    // Finish order 3, 1, 2 (after the passing); the 5 km sprint 1, 2, 3, 4; the 7 km climb 1, 2, 3, where the
    // Tour's category-4 scale gives the first rider one point.
    const stage = (await race.organiser.get(`/api/v1/stages/${race.stageId}/results`)).json().items;
    expect(stage.slice(0, 3).map((r: { bib: number; bonus: number }) => [r.bib, r.bonus])).toEqual([
      [3, 11],
      [1, 9],
      [2, 6],
    ]);
    const gc = (await race.organiser.get(`/api/v1/races/${race.raceId}/classifications/general`)).json()
      .items;
    expect(gc.map((r: { bib: number; time: number }) => [r.bib, r.time])).toEqual([
      [3, 990],
      [1, 996],
      [2, 999],
    ]);
    const points = (await race.organiser.get(`/api/v1/races/${race.raceId}/classifications/points`)).json()
      .items;
    expect(points.map((r: { bib: number; points: number }) => [r.bib, r.points])).toEqual([
      [3, 26],
      [1, 25],
      [2, 19],
    ]);
    const kom = (await race.organiser.get(`/api/v1/races/${race.raceId}/classifications/mountains`)).json()
      .items;
    expect(kom.map((r: { bib: number; points: number }) => [r.bib, r.points])).toEqual([[1, 1]]);
  });

  it('approves results computed from the recording like imported ones, once the stage has finished', async () => {
    const approve = () => race.organiser.post(`/api/v1/stages/${race.stageId}/results/approve`);
    expect(expectProblem(await approve(), 409).detail).toBe(
      'Stage 1 is live; finish it before approving its results',
    );
    const finished = await race.organiser.post(`/api/v1/stages/${race.stageId}/status`, {
      status: 'finished',
      at: start + 1100_000,
    });
    expect(finished.json()).toMatchObject({ status: 'finished', finishedAt: start + 1100_000 });
    expect((await approve()).statusCode).toBe(200);
    expect((await race.organiser.get(`/api/v1/stages/${race.stageId}`)).json().status).toBe('official');
    expect((await race.organiser.get(`/api/v1/races/${race.raceId}`)).json().status).toBe('official');
    expect((await race.organiser.get(`/api/v1/stages/${race.stageId}/results`)).json().state).toBe(
      'official',
    );
    const late = `bib,point,time\n1,finish,${new Date(start + 999_000).toISOString()}\n`;
    expectProblem(
      await race.organiser.post(`/api/v1/stages/${race.stageId}/passings`, late, {
        'content-type': 'text/csv',
      }),
      409,
    );
  });
});

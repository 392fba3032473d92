import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace, straightGpx } from '../support/live-race.ts';
import { recordRace, steadyRide } from '../support/recorded-race.ts';
import {
  type Client,
  expectProblem,
  multipartFile,
  startTestApp,
  type TestApp,
} from '../support/test-app.ts';

/**
 * A race on the straight 10 km course whose one stage's results were imported from a timing company,
 * then run and finished (`finished: false` leaves it published).
 */
async function importedRace(
  organiser: Client,
  race: { name: string; startDate: string; visibility?: string },
  csv: string[],
  finished = true,
) {
  const raceId = (await organiser.post('/api/v1/races', race)).json().id;
  const stageId = (await organiser.post(`/api/v1/races/${raceId}/stages`, { name: 'Stage 1' })).json().id;
  const form = await multipartFile('file', 'straight.gpx', straightGpx(10));
  await organiser.put(`/api/v1/stages/${stageId}/course`, form.payload, form.headers);
  await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' });
  const imported = await organiser.post(
    `/api/v1/races/${raceId}/results/import?createMissing=true`,
    ['stage,bib,rider,team,time,bonus,penalty,status', ...csv].join('\n'),
    { 'content-type': 'text/csv' },
  );
  if (imported.statusCode !== 200) throw new Error(imported.body);
  if (finished) {
    const at = Date.parse(`${race.startDate}T10:00:00Z`);
    await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'live', at });
    await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'finished', at: at + 3600_000 });
  }
  return raceId;
}

/** Statistics from the results service's stage results and the replayed fixes. */
describe.skipIf(databaseUnavailable !== null)('race and all-time statistics', () => {
  let t: TestApp;
  let live: LiveRace;
  let spring: string;
  const start = Date.now() - 2 * 60 * 60_000;

  beforeAll(async () => {
    t = await startTestApp();
    live = await setUpLiveRace(t, 4);
    await live.organiser.patch(`/api/v1/races/${live.raceId}`, { startDate: '2024-07-05' });
    await recordRace(
      t,
      live,
      start,
      {
        // 36 km/h throughout; 22.5 then 45 km/h (slower overall, faster after the sprint); out at 6 km.
        1: steadyRide([{ to: 10_050, speed: 10 }]),
        2: steadyRide([
          { to: 5000, speed: 6.25 },
          { to: 10_050, speed: 12.5 },
        ]),
        3: steadyRide([{ to: 6000, speed: 8 }]),
      },
      start + 1500_000,
    );
    const { client: other } = await t.signIn('organiser');
    spring = await importedRace(other, { name: 'Spring Classic', startDate: '2023-04-10' }, [
      '1,7,Fast Rider,,950,,,',
      '1,8,Slow Rider,,1100,,,',
      '1,9,Quitter,,,,,DNF',
    ]);
    // Neither counts in the all-time figures: one is private, the other not over yet.
    await importedRace(other, { name: 'Private TT', startDate: '2023-05-01', visibility: 'private' }, [
      '1,1,Secret Rider,,900,,,',
    ]);
    await importedRace(
      other,
      { name: 'Still on', startDate: '2024-08-01' },
      ['1,1,Early Bird,,800,,,'],
      false,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts starters, finishers and abandons, with times and speeds, per stage', async () => {
    const response = await t.anonymous.get(`/api/v1/races/${live.raceId}/statistics`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ raceId: live.raceId, raceName: 'Live test' });
    expect(body.stages).toHaveLength(1);
    const riders = Object.fromEntries(live.riders.map((r) => [r.bib, r.id]));
    expect(body.stages[0]).toMatchObject({
      stageId: live.stageId,
      number: 1,
      name: 'Stage 1',
      length: 10_000,
      starters: 3,
      finishers: 2,
      dnf: 1,
      dns: 1,
      dsq: 0,
      otl: 0,
      dnfRate: 0.3333,
      winnerTime: 1000,
      averageSpeed: 33,
      fastest: { registrationId: riders[1], bib: 1, name: 'Rider 1', speed: 36, time: 1000 },
    });
  });

  it('finds the fastest rider of each stretch between checkpoints from the replayed fixes', async () => {
    const [stage] = (await t.anonymous.get(`/api/v1/races/${live.raceId}/statistics`)).json().stages;
    expect(
      stage.segments.map(
        (
          s: { from: { name: string }; to: { name: string }; rider: { bib: number } } & Record<
            string,
            number
          >,
        ) => [s.from.name, s.to.name, s.distance, s.rider.bib, s.seconds, s.speed],
      ),
    ).toEqual([
      ['Start', 'Sprint', 5000, 1, 500, 36],
      ['Sprint', 'Finish', 5000, 2, 400, 45],
    ]);
  });

  it('buckets finish times in an even histogram', async () => {
    const [stage] = (await t.anonymous.get(`/api/v1/races/${live.raceId}/statistics`)).json().stages;
    expect(stage.histogram.bucketSeconds).toBe(30);
    expect(stage.histogram.buckets).toHaveLength(8);
    expect(stage.histogram.buckets[0]).toEqual({ from: 990, to: 1020, count: 1 });
    expect(stage.histogram.buckets.at(-1)).toEqual({ from: 1200, to: 1230, count: 1 });
    expect(stage.histogram.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(2);
  });

  it('uses imported results like recorded ones, with no stretches when nothing was tracked', async () => {
    const [stage] = (await t.anonymous.get(`/api/v1/races/${spring}/statistics`)).json().stages;
    expect(stage).toMatchObject({
      starters: 3,
      finishers: 2,
      dnf: 1,
      winnerTime: 950,
      averageSpeed: 35.3,
      fastest: { bib: 7, name: 'Fast Rider', speed: 37.9 },
      segments: [],
    });
  });

  it('hides a private race’s statistics from everyone but its staff', async () => {
    await live.organiser.patch(`/api/v1/races/${live.raceId}`, { visibility: 'private' });
    try {
      expectProblem(await t.anonymous.get(`/api/v1/races/${live.raceId}/statistics`), 404);
      const { client: spectator } = await t.signIn('spectator');
      expectProblem(await spectator.get(`/api/v1/races/${live.raceId}/statistics`), 404);
      expect((await live.organiser.get(`/api/v1/races/${live.raceId}/statistics`)).statusCode).toBe(200);
    } finally {
      await live.organiser.patch(`/api/v1/races/${live.raceId}`, { visibility: 'public' });
    }
    expectProblem(
      await t.anonymous.get('/api/v1/races/00000000-0000-4000-8000-000000000000/statistics'),
      404,
    );
    expectProblem(await t.anonymous.get('/api/v1/races/nope/statistics'), 400);
  });

  it('sums up every public finished race: riders, finishers, records per course, races per year', async () => {
    const response = await t.anonymous.get('/api/v1/statistics');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ races: 2, riders: 6, finishers: 4, dnfRate: 0.3333 });
    expect(body.racesByYear).toEqual([
      { year: 2023, races: 1 },
      { year: 2024, races: 1 },
    ]);
    // Both races rode "Stage 1" over the same 10 km: one course, whose record is the fastest of either.
    expect(body.courseRecords).toEqual([
      {
        course: 'Stage 1',
        length: 10_000,
        time: 950,
        rider: { registrationId: expect.any(String), bib: 7, name: 'Fast Rider' },
        raceId: spring,
        raceName: 'Spring Classic',
        stageId: expect.any(String),
        date: '2023-04-10',
        speed: 37.9,
      },
    ]);
  });
});

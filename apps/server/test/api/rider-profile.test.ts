import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { recordRace, steadyRide } from '../support/recorded-race.ts';
import { type Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

interface ProfileRace {
  registrationId: string;
  raceId: string;
  raceName: string;
  current: boolean;
  stages: Array<{ number: number; rank: number | null; time: number | null; status: string | null }>;
}

/** A race of imported results, as a timing company would deliver them, in a race of its own. */
async function importedRace(
  organiser: Client,
  race: { name: string; startDate: string; visibility?: string },
  csv: string[],
  status: 'draft' | 'published' = 'published',
) {
  const raceId = (await organiser.post('/api/v1/races', race)).json().id;
  for (const name of ['Stage 1', 'Stage 2']) await organiser.post(`/api/v1/races/${raceId}/stages`, { name });
  if (status === 'published') await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' });
  const imported = await organiser.post(
    `/api/v1/races/${raceId}/results/import?createMissing=true`,
    ['stage,bib,rider,team,time,bonus,penalty,status', ...csv].join('\n'),
    { 'content-type': 'text/csv' },
  );
  if (imported.statusCode !== 200) throw new Error(imported.body);
  const riders = (await organiser.get(`/api/v1/races/${raceId}/registrations`)).json().items;
  return { raceId, riders: riders as Array<{ id: string; bib: number }> };
}

/** A rider's page: the registration, and the same person's races with results and splits. */
describe.skipIf(databaseUnavailable !== null)('rider profiles', () => {
  let t: TestApp;
  let live: LiveRace;
  let elodie: string;
  let spring: { raceId: string; riders: Array<{ id: string; bib: number }> };
  let club: { raceId: string; riders: Array<{ id: string; bib: number }> };
  let clubOrganiser: Client;
  const start = Date.now() - 2 * 60 * 60_000;
  const profile = (id: string, client: Client = t.anonymous) =>
    client.get(`/api/v1/registrations/${id}/profile`);

  beforeAll(async () => {
    t = await startTestApp();
    live = await setUpLiveRace(t, 2);
    await live.organiser.patch(`/api/v1/races/${live.raceId}`, { startDate: '2024-07-05' });
    elodie = live.riders.find((r) => r.bib === 1)!.id;
    const renamed = await live.organiser.patch(`/api/v1/registrations/${elodie}`, {
      firstName: 'Élodie',
      lastName: 'Dupré-Martin',
      team: 'Team A',
      nationality: 'FRA',
      birthYear: 1994,
    });
    expect(renamed.statusCode).toBe(200);
    await recordRace(
      t,
      live,
      start,
      { 1: steadyRide([{ to: 10_050, speed: 10 }]), 2: steadyRide([{ to: 10_050, speed: 8 }]) },
      start + 1500_000,
    );

    const { client: other } = await t.signIn('organiser');
    spring = await importedRace(other, { name: 'Spring Classic', startDate: '2023-04-10' }, [
      '1,7,ELODIE DUPRE MARTIN,Team B,3:00:00,,,',
      '1,8,Ann Other,Team B,2:59:00,,,',
      '1,9,Elodie Martin,Team C,3:10:00,,,',
      '2,7,ELODIE DUPRE MARTIN,Team B,,,,DNF',
      '2,8,Ann Other,Team B,2:00:00,,,',
    ]);
    clubOrganiser = (await t.signIn('organiser')).client;
    club = await importedRace(
      clubOrganiser,
      { name: 'Club TT', startDate: '2023-09-01', visibility: 'private' },
      ['1,3,élodie dupré martin,,1:00:00,,,'],
    );
    // A draft is nobody's business but its organiser's, even when public.
    await importedRace(
      other,
      { name: 'Draft race', startDate: '2025-01-01' },
      ['1,1,Elodie Dupre-Martin,,1:00:00,,,'],
      'draft',
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('presents the registration with its race', async () => {
    const response = await profile(elodie);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: elodie,
      raceId: live.raceId,
      raceName: 'Live test',
      bib: 1,
      firstName: 'Élodie',
      lastName: 'Dupré-Martin',
      name: 'Élodie Dupré-Martin',
      team: 'Team A',
      category: null,
      nationality: 'FRA',
      birthYear: 1994,
    });
  });

  it('finds the same rider in other visible races by name, case and accents ignored, newest first', async () => {
    const races: ProfileRace[] = (await profile(elodie)).json().races;
    expect(races.map((r) => [r.raceName, r.current])).toEqual([
      ['Live test', true],
      ['Spring Classic', false],
    ]);
    expect(races[1]).toMatchObject({
      registrationId: spring.riders.find((r) => r.bib === 7)!.id,
      raceId: spring.raceId,
      raceStatus: 'published',
      startDate: '2023-04-10',
      bib: 7,
      team: 'Team B',
    });
  });

  it('gives each stage’s result from the results service', async () => {
    const [own, other] = (await profile(elodie)).json().races;
    expect(own.stages).toMatchObject([{ number: 1, rank: 1, time: 1000, gap: 0, status: null }]);
    expect(other.stages).toEqual([
      expect.objectContaining({ number: 1, rank: 2, time: 10_800, gap: 60, status: null, splits: [] }),
      expect.objectContaining({ number: 2, rank: null, time: null, gap: null, status: 'DNF', splits: [] }),
    ]);
    const rival = (await t.anonymous.get(`/api/v1/stages/${own.stages[0].stageId}/results`)).json().items;
    expect(rival.map((r: { bib: number; rank: number }) => [r.bib, r.rank])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('splits a tracked stage at each checkpoint from the replayed fixes', async () => {
    const [own] = (await profile(elodie)).json().races;
    expect(own.stages[0].splits).toEqual([
      expect.objectContaining({ kind: 'start', distance: 0, time: start, elapsed: 0, speed: null }),
      expect.objectContaining({ kind: 'sprint', name: 'Sprint', distance: 5000, elapsed: 500, speed: 36 }),
      expect.objectContaining({
        kind: 'finish',
        distance: 10_000,
        time: start + 1000_000,
        elapsed: 1000,
        speed: 36,
      }),
    ]);
  });

  it('answers the same person from any of their registrations', async () => {
    const fromSpring = (await profile(spring.riders.find((r) => r.bib === 7)!.id)).json();
    expect(fromSpring).toMatchObject({ name: 'ELODIE DUPRE MARTIN', bib: 7, raceName: 'Spring Classic' });
    expect(fromSpring.races.map((r: ProfileRace) => [r.raceName, r.current])).toEqual([
      ['Live test', false],
      ['Spring Classic', true],
    ]);
    const namesake = (await profile(spring.riders.find((r) => r.bib === 9)!.id)).json();
    expect(namesake.races.map((r: ProfileRace) => r.raceName)).toEqual(['Spring Classic']);
  });

  it('shows a private race only to its staff', async () => {
    const clubEntry = club.riders[0]!.id;
    expectProblem(await profile(clubEntry), 404);
    const { client: spectator } = await t.signIn('spectator');
    expectProblem(await profile(clubEntry, spectator), 404);
    const forOwner = (await profile(elodie, clubOrganiser)).json().races.map((r: ProfileRace) => r.raceName);
    expect(forOwner).toEqual(['Live test', 'Club TT', 'Spring Classic']);
    const forAdmin = (await profile(clubEntry, t.admin)).json();
    expect(forAdmin.races.map((r: ProfileRace) => [r.raceName, r.current])).toEqual([
      ['Draft race', false],
      ['Live test', false],
      ['Club TT', true],
      ['Spring Classic', false],
    ]);
  });

  it('answers 404 for an unknown registration and 400 for a malformed id', async () => {
    expectProblem(await profile('00000000-0000-4000-8000-000000000000'), 404);
    expectProblem(await profile('not-an-id'), 400);
  });
});

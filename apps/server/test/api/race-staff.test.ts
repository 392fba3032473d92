import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import {
  type Client,
  expectProblem,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

const CSV = [
  'stage,bib,rider,team,time,bonus,penalty,status',
  '1,1,Anna Alpha,A,3:00:00,,,',
  '1,2,Bea Beta,B,3:01:00,,,',
].join('\n');

/** Race staff: a commissaire the owner adds officiates a race they do not own, and nothing more. */
describe.skipIf(databaseUnavailable !== null)('race staff', () => {
  let t: TestApp;
  let owner: Client;
  let commissaire: { user: TestUser; client: Client };
  let raceId: string;
  let stageId: string;
  let riderId: string;

  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.signIn('organiser')).client;
    commissaire = await t.signIn('commissaire');
    raceId = (await owner.post('/api/v1/races', { name: 'Staffed' })).json().id;
    stageId = (await owner.post(`/api/v1/races/${raceId}/stages`, { name: 'Stage 1' })).json().id;
    const imported = await owner.post(`/api/v1/races/${raceId}/results/import?createMissing=true`, CSV, {
      'content-type': 'text/csv',
    });
    expect(imported.statusCode).toBe(200);
    riderId = (await owner.get(`/api/v1/races/${raceId}/registrations`)).json().items[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const penalty = () =>
    commissaire.client.post(`/api/v1/stages/${stageId}/decisions`, {
      kind: 'penalty',
      registrationId: riderId,
      seconds: 20,
      reason: 'drafting behind a car',
    });

  it('refuses a commissaire who is not on the staff', async () => {
    expectProblem(await penalty(), 403);
    expectProblem(await commissaire.client.get(`/api/v1/races/${raceId}/staff`), 403);
    // A draft race stays hidden from them.
    expectProblem(await commissaire.client.get(`/api/v1/races/${raceId}`), 404);
  });

  it('lets the owner add a commissaire by e-mail, once', async () => {
    const added = await owner.post(`/api/v1/races/${raceId}/staff`, { email: commissaire.user.email });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ userId: commissaire.user.id, role: 'commissaire' });
    expectProblem(await owner.post(`/api/v1/races/${raceId}/staff`, { userId: commissaire.user.id }), 409);
    const list = (await owner.get(`/api/v1/races/${raceId}/staff`)).json().items;
    expect(list.map((m: { userId: string }) => m.userId)).toEqual([commissaire.user.id]);
  });

  it('refuses staff who cannot officiate, and unknown users', async () => {
    const spectator = await t.signIn('spectator');
    expectProblem(await owner.post(`/api/v1/races/${raceId}/staff`, { userId: spectator.user.id }), 422);
    expectProblem(await owner.post(`/api/v1/races/${raceId}/staff`, { email: 'nobody@example.org' }), 422);
    expectProblem(await owner.post(`/api/v1/races/${raceId}/staff`, {}), 400);
  });

  it('lets the staff commissaire see the race, list it as theirs, and record decisions', async () => {
    expect((await commissaire.client.get(`/api/v1/races/${raceId}`)).statusCode).toBe(200);
    const mine = (await commissaire.client.get('/api/v1/races?mine=true')).json();
    expect(mine.items.map((r: { id: string }) => r.id)).toEqual([raceId]);
    const decision = await penalty();
    expect(decision.statusCode).toBe(201);
    expect((await commissaire.client.delete(`/api/v1/decisions/${decision.json().id}`)).statusCode).toBe(204);
  });

  it('lets the staff commissaire run race control but not build the race or its staff', async () => {
    const published = await commissaire.client.post(`/api/v1/races/${raceId}/status`, {
      status: 'published',
    });
    expect(published.statusCode).toBe(200);
    expectProblem(await commissaire.client.patch(`/api/v1/races/${raceId}`, { name: 'Mine now' }), 403);
    expectProblem(
      await commissaire.client.post(`/api/v1/races/${raceId}/registrations`, {
        bib: 9,
        firstName: 'A',
        lastName: 'B',
      }),
      403,
    );
    expectProblem(
      await commissaire.client.post(`/api/v1/races/${raceId}/staff`, { userId: commissaire.user.id }),
      403,
    );
  });

  it('refuses another organiser the staff list and changes', async () => {
    const other = (await t.signIn('organiser')).client;
    expectProblem(await other.get(`/api/v1/races/${raceId}/staff`), 403);
    expectProblem(await other.delete(`/api/v1/races/${raceId}/staff/${commissaire.user.id}`), 403);
  });

  it('takes the commissaire off the staff, which ends their access', async () => {
    expect((await owner.delete(`/api/v1/races/${raceId}/staff/${commissaire.user.id}`)).statusCode).toBe(204);
    expectProblem(await owner.delete(`/api/v1/races/${raceId}/staff/${commissaire.user.id}`), 404);
    expectProblem(await penalty(), 403);
    const audit = (await t.admin.get(`/api/v1/audit?targetType=race&targetId=${raceId}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['race.staff.add', 'race.staff.remove']),
    );
  });
});

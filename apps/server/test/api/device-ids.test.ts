import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

/** Trackers are matched by their id alone, so one id may ride in one published or running race at a time. */
describe.skipIf(databaseUnavailable !== null)('tracker ids across races', () => {
  let t: TestApp;
  let organiser: Client;
  let other: Client;

  beforeAll(async () => {
    t = await startTestApp();
    organiser = (await t.signIn('organiser')).client;
    other = (await t.signIn('organiser')).client;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function raceWith(client: Client, name: string, deviceId: string, publish: boolean) {
    const raceId = (await client.post('/api/v1/races', { name })).json().id;
    const created = await client.post(`/api/v1/races/${raceId}/registrations`, {
      bib: 1,
      firstName: 'Ada',
      lastName: 'Tracker',
      deviceId,
    });
    expect(created.statusCode).toBe(201);
    if (publish)
      expect((await client.post(`/api/v1/races/${raceId}/status`, { status: 'published' })).statusCode).toBe(
        200,
      );
    return raceId;
  }

  it('refuses a tracker id that rides in another published race, naming that race', async () => {
    await raceWith(organiser, 'Spring Classic', '4711', true);
    const raceId = (await other.post('/api/v1/races', { name: 'Autumn Classic' })).json().id;
    const single = expectProblem(
      await other.post(`/api/v1/races/${raceId}/registrations`, {
        bib: 9,
        firstName: 'Bo',
        lastName: 'B',
        deviceId: '4711',
      }),
      409,
    );
    expect(single.detail).toBe('device_id 4711 is already in use in the race "Spring Classic"');
    const csv = 'bib,first_name,last_name,device_id\n1,Cy,C,free-1\n2,Di,D,4711\n';
    const imported = expectProblem(
      await other.post(`/api/v1/races/${raceId}/registrations/import`, csv, { 'content-type': 'text/csv' }),
      422,
    );
    expect(imported.errors).toEqual([
      { line: 3, detail: 'device_id 4711 is already in use in the race "Spring Classic"' },
    ]);
    expect((await other.get(`/api/v1/races/${raceId}/registrations`)).json().total).toBe(0);
  });

  it('lets drafts share ids, since only published and running races take positions', async () => {
    await raceWith(organiser, 'Draft one', 'shared-draft', false);
    await raceWith(other, 'Draft two', 'shared-draft', false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

describe.skipIf(databaseUnavailable !== null)('editing a start list entry', () => {
  let t: TestApp;
  let organiser: Client;
  let raceId: string;
  let ada: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    organiser = (await t.signIn('organiser')).client;
    raceId = (await organiser.post('/api/v1/races', { name: 'Edits' })).json().id;
    const add = (bib: number, firstName: string, deviceId: string) =>
      organiser.post(`/api/v1/races/${raceId}/registrations`, {
        bib,
        firstName,
        lastName: 'Rider',
        deviceId,
      });
    ada = (await add(1, 'Ada', 'ada-phone')).json();
    await add(2, 'Bea', 'bea-phone');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('changes the fields given and keeps the rest', async () => {
    const response = await organiser.patch(`/api/v1/registrations/${ada.id}`, {
      team: 'Velo Club',
      deviceId: 'ada-new-phone',
      category: 'U23',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      bib: 1,
      firstName: 'Ada',
      team: 'Velo Club',
      deviceId: 'ada-new-phone',
    });
    const categories = (await organiser.get(`/api/v1/races/${raceId}/categories`)).json().items;
    expect(categories.map((c: { code: string }) => c.code)).toEqual(['U23']);
  });

  it('refuses a bib or tracker id another rider has', async () => {
    const bib = expectProblem(await organiser.patch(`/api/v1/registrations/${ada.id}`, { bib: 2 }), 409);
    expect(bib.detail).toBe('bib 2 is already taken by Bea Rider');
    const device = expectProblem(
      await organiser.patch(`/api/v1/registrations/${ada.id}`, { deviceId: 'bea-phone' }),
      409,
    );
    expect(device.detail).toContain('bib 2');
    expectProblem(await organiser.patch(`/api/v1/registrations/${ada.id}`, {}), 400);
  });

  it('takes a rider off the start list', async () => {
    expect((await organiser.delete(`/api/v1/registrations/${ada.id}`)).statusCode).toBe(204);
    expectProblem(await organiser.delete(`/api/v1/registrations/${ada.id}`), 404);
    const left = (await organiser.get(`/api/v1/races/${raceId}/registrations`)).json();
    expect(left.items.map((r: { bib: number }) => r.bib)).toEqual([2]);
  });
});

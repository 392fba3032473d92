import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Linking a rider account to a registration from the back office: by e-mail, unlinking, who may, and
 * that the link's details (e-mail addresses) stay with the race's managers.
 */
describe.skipIf(databaseUnavailable !== null)('rider accounts linked to registrations', () => {
  let t: TestApp;
  let race: LiveRace;
  const riderPath = (k: number) => `/api/v1/registrations/${race.riders[k]!.id}/rider`;
  const linkedList = () => `/api/v1/races/${race.raceId}/registration-riders`;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 4);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('links an account by its e-mail (in any case) and lists it for the organiser, audited', async () => {
    const { user } = await t.signIn('rider');
    const linked = await race.organiser.put(riderPath(0), { email: user.email.toUpperCase() });
    expect(linked.statusCode, linked.body).toBe(204);
    const list = await race.organiser.get(linkedList());
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([
      { registrationId: race.riders[0]!.id, userId: user.id, name: `rider ${user.email}`, email: user.email },
    ]);
    // Linking the same account again changes nothing and records nothing more.
    expect((await race.organiser.put(riderPath(0), { userId: user.id })).statusCode).toBe(204);
    const audit = (
      await t.admin.get(`/api/v1/audit?targetType=registration&targetId=${race.riders[0]!.id}`)
    ).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['registration.rider.link']);
    expect(audit[0].details).toMatchObject({ bib: 1, userId: user.id });
  });

  it('answers 422 naming the field for an unknown, disabled, spectator or admin account', async () => {
    const unknown = expectProblem(
      await race.organiser.put(riderPath(1), { email: 'nobody@example.org' }),
      422,
    );
    expect(unknown.errors).toEqual([
      { pointer: '/email', detail: expect.stringContaining('nobody@example.org') },
    ]);
    const byId = expectProblem(
      await race.organiser.put(riderPath(1), { userId: '00000000-0000-4000-8000-000000000000' }),
      422,
    );
    expect(byId.errors).toEqual([{ pointer: '/userId', detail: expect.any(String) }]);

    const disabled = await t.signIn('rider');
    expect((await t.admin.patch(`/api/v1/users/${disabled.user.id}`, { disabled: true })).statusCode).toBe(
      200,
    );
    expectProblem(await race.organiser.put(riderPath(1), { email: disabled.user.email }), 422);

    const spectator = await t.signIn('spectator');
    const watching = expectProblem(
      await race.organiser.put(riderPath(1), { email: spectator.user.email }),
      422,
    );
    expect(watching.detail).toContain('spectator account');
    expect(watching.errors).toEqual([{ pointer: '/email', detail: watching.detail }]);
    expectProblem(await race.organiser.put(riderPath(1), { email: 'admin@example.org' }), 422);

    expect((await race.organiser.get(linkedList())).json().items).toHaveLength(1);
  });

  it('links officials who also ride, but one account to one registration of a race (409)', async () => {
    const { user } = await t.signIn('commissaire');
    expect((await race.organiser.put(riderPath(1), { email: user.email })).statusCode).toBe(204);
    const twice = expectProblem(await race.organiser.put(riderPath(2), { email: user.email }), 409);
    expect(twice.detail).toContain('bib 2');
    expect(twice.errors).toEqual([{ pointer: '/email', detail: twice.detail }]);
    expectProblem(await race.organiser.put(riderPath(2), {}), 400);
    expectProblem(await race.organiser.put(riderPath(2), { userId: user.id, email: user.email }), 400);
    expectProblem(await race.organiser.put(riderPath(2), { email: 'not an address' }), 400);
  });

  it('unlinks with DELETE (404 once nothing is linked), audited; PUT null unlinks too', async () => {
    const { user } = await t.signIn('rider');
    await race.organiser.put(riderPath(3), { email: user.email });
    expect((await race.organiser.delete(riderPath(3))).statusCode).toBe(204);
    const items = (await race.organiser.get(linkedList())).json().items;
    expect(items.map((r: { registrationId: string }) => r.registrationId)).not.toContain(race.riders[3]!.id);
    expectProblem(await race.organiser.delete(riderPath(3)), 404);
    const audit = (
      await t.admin.get(`/api/v1/audit?targetType=registration&targetId=${race.riders[3]!.id}`)
    ).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'registration.rider.unlink',
      'registration.rider.link',
    ]);
    expect(audit[0].details).toMatchObject({ bib: 4, userId: user.id, grantsRevoked: 0 });

    await race.organiser.put(riderPath(3), { email: user.email });
    expect((await race.organiser.put(riderPath(3), { userId: null })).statusCode).toBe(204);
    expect((await race.organiser.put(riderPath(3), { userId: null })).statusCode).toBe(204);
    expect((await race.organiser.get(linkedList())).json().items).toHaveLength(2);
  });

  it('refuses everyone but the race’s managers: 401 anonymous, 403 other organisers and riders', async () => {
    const { user } = await t.signIn('rider');
    const { client: other } = await t.signIn('organiser');
    const { client: rider } = await t.signIn('rider');
    expectProblem(await t.anonymous.put(riderPath(2), { email: user.email }), 401);
    expectProblem(await t.anonymous.get(linkedList()), 401);
    for (const client of [other, rider]) {
      expectProblem(await client.put(riderPath(2), { email: user.email }), 403);
      expectProblem(await client.delete(riderPath(0)), 403);
      expectProblem(await client.get(linkedList()), 403);
    }
    // An administrator manages every race.
    const list = await t.admin.get(linkedList());
    expect(list.json().items).toHaveLength(2);
    expect((await race.organiser.get(linkedList())).json().items).toHaveLength(2);
  });

  it('keeps linked accounts and their e-mails off the public start list', async () => {
    const linked = (await race.organiser.get(linkedList())).json().items as Array<{
      userId: string;
      email: string;
    }>;
    expect(linked.length).toBeGreaterThan(0);
    const start = await t.anonymous.get(`/api/v1/races/${race.raceId}/registrations`);
    expect(start.statusCode).toBe(200);
    expect(start.json().total).toBe(4);
    for (const { userId, email } of linked) {
      expect(start.body).not.toContain(email);
      expect(start.body).not.toContain(userId);
    }
    expect(start.body).not.toContain('@');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { setUpLiveRace } from '../support/live-race.ts';
import { expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

const PASSWORD = 'a long enough password';

/**
 * E-mail addresses as organisers paste them from a spreadsheet: with spaces around them and in any
 * case. Each is trimmed and lower-cased before it is checked, wherever the API takes one.
 */
describe.skipIf(databaseUnavailable !== null)('e-mail addresses with surrounding spaces', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const signInAs = (email: string) => t.anonymous.post('/api/v1/auth/login', { email, password: PASSWORD });

  it('creates a user and signs them in with the address padded and in capitals', async () => {
    const created = await t.admin.post('/api/v1/users', {
      email: '  Nora.Pasted@Example.org \t',
      name: 'Nora Pasted',
      role: 'organiser',
      password: PASSWORD,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().email).toBe('nora.pasted@example.org');
    expect((await signInAs(' nora.pasted@example.org ')).statusCode).toBe(200);
    const padded = await signInAs('\tNORA.PASTED@EXAMPLE.ORG  ');
    expect(padded.statusCode, padded.body).toBe(200);
    expect(padded.json().user.email).toBe('nora.pasted@example.org');
    // The same account, not a second one.
    const again = await t.admin.post('/api/v1/users', {
      email: 'nora.pasted@example.org ',
      name: 'Nora Again',
      role: 'organiser',
      password: PASSWORD,
    });
    expectProblem(again, 409);
  });

  it('invites by a padded address, and the invitee signs in with it', async () => {
    const invited = await t.admin.post('/api/v1/invitations', {
      email: ' Invitee@Example.org\n',
      role: 'commissaire',
    });
    expect(invited.statusCode, invited.body).toBe(201);
    expect(invited.json().email).toBe('invitee@example.org');
    const token = new URL(invited.json().link).searchParams.get('token');
    const accepted = await t.anonymous.post('/api/v1/invitations/accept', {
      token,
      name: 'Invited Commissaire',
      password: PASSWORD,
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect((await signInAs(' invitee@example.org')).statusCode).toBe(200);
  });

  it('adds race staff and links a rider account by a padded address', async () => {
    const { client: owner } = await t.signIn('organiser');
    const { user: commissaire } = await t.signIn('commissaire', { email: 'ref.staff@example.org' });
    const raceId = (await owner.post('/api/v1/races', { name: 'Staffed by e-mail' })).json().id;
    const added = await owner.post(`/api/v1/races/${raceId}/staff`, { email: '  Ref.Staff@Example.org ' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ userId: commissaire.id, email: 'ref.staff@example.org' });

    const race = await setUpLiveRace(t, 1);
    const { user: rider } = await t.signIn('rider', { email: 'rider.linked@example.org' });
    const linked = await race.organiser.put(`/api/v1/registrations/${race.riders[0]!.id}/rider`, {
      email: ' Rider.Linked@Example.org ',
    });
    expect(linked.statusCode, linked.body).toBe(204);
    const list = await race.organiser.get(`/api/v1/races/${race.raceId}/registration-riders`);
    expect(list.json().items).toMatchObject([{ userId: rider.id, email: 'rider.linked@example.org' }]);
  });

  it('still refuses what is no address once trimmed, naming the field', async () => {
    const bad = expectProblem(await signInAs('  not an address  '), 400);
    expect(bad.errors).toEqual([{ pointer: 'body/email', detail: expect.stringContaining('email') }]);
    expectProblem(await signInAs('   '), 400);
  });
});

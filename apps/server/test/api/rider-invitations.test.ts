import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitations } from '../../src/db/schema.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { codeExchange, OAuthBrowser, rideAuthorization } from '../support/oauth-browser.ts';
import { Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

const PASSWORD = 'a long enough password';

/**
 * Riders invited from the start list: the race's organisers invite a rider with no Echelon account for
 * one registration, and accepting creates a rider account already linked to it.
 */
describe.skipIf(databaseUnavailable !== null)('rider invitations for a registration', () => {
  let t: TestApp;
  let race: LiveRace;
  const registrationOf = (k: number) => race.riders[k]!.id;
  const invitationPath = (k: number) => `/api/v1/registrations/${registrationOf(k)}/rider-invitation`;
  const ridersList = () => `/api/v1/races/${race.raceId}/registration-riders`;

  beforeAll(async () => {
    // The default PUBLIC_URL: the /ride app's redirect (localhost:3000) must be the server's own.
    t = await startTestApp();
    race = await setUpLiveRace(t, 8);
  });
  afterAll(async () => {
    await t?.close();
  });

  const invite = async (k: number, email: string, client: Client = race.organiser) => {
    const response = await client.post(invitationPath(k), { email });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    return { ...body, token: new URL(body.link).searchParams.get('token')! };
  };
  const accept = (token: string, name = 'Invited Rider') =>
    t.anonymous.post('/api/v1/invitations/accept', { token, name, password: PASSWORD });
  const sessionOf = (response: LightMyRequestResponse) => {
    const cookie = response.cookies.find((c) => c.name === 'echelon_session')!;
    return `echelon_session=${cookie.value}`;
  };
  const auditOf = async (targetType: string, id: string) =>
    (await t.admin.get(`/api/v1/audit?targetType=${targetType}&targetId=${id}`)).json().items as Array<{
      action: string;
      details: Record<string, unknown>;
    }>;

  it('invites a rider for a registration; accepting creates a rider account linked to it', async () => {
    const created = await invite(0, 'Rita.Rider@Example.org');
    expect(created).toMatchObject({
      email: 'rita.rider@example.org',
      role: 'rider',
      registrationId: registrationOf(0),
    });
    expect(created.link).toMatch(/^http:\/\/localhost:3000\/invite\?token=ech_inv_/);
    // The race's managers see it pending on the start list, without its secret.
    const listed = (await race.organiser.get(ridersList())).json();
    expect(listed.invitations).toEqual([
      {
        id: created.id,
        email: 'rita.rider@example.org',
        role: 'rider',
        registrationId: registrationOf(0),
        invitedBy: expect.stringMatching(/^organiser /),
        createdAt: created.createdAt,
        expiresAt: created.expiresAt,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const accepted = await accept(created.token, 'Rita Rider');
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json()).toMatchObject({
      user: { email: 'rita.rider@example.org', role: 'rider', name: 'Rita Rider' },
      registrationId: registrationOf(0),
    });
    const userId = accepted.json().user.id;
    const after = (await race.organiser.get(ridersList())).json();
    expect(after.items).toEqual([
      { registrationId: registrationOf(0), userId, name: 'Rita Rider', email: 'rita.rider@example.org' },
    ]);
    expect(after.invitations).toEqual([]);

    // Audited like an organiser's link, naming the invitation that made it.
    const links = await auditOf('registration', registrationOf(0));
    expect(links.map((e) => e.action)).toEqual(['registration.rider.link']);
    expect(links[0]!.details).toMatchObject({ bib: 1, userId, invitationId: created.id });
    expect((await auditOf('invitation', created.id)).map((e) => e.action)).toEqual([
      'invitation.accept',
      'invitation.create',
    ]);

    // The new rider's session approves their registration in the /ride app at once.
    const browser = new OAuthBrowser(t.http, sessionOf(accepted));
    const { query, verifier } = rideAuthorization();
    const page = await browser.go('GET', `/oauth/auth?${query}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('#1 Rider 1');
    const out = await browser.consent(registrationOf(0));
    expect(out.statusCode, out.body).toBe(303);
    const code = new URL(String(out.headers.location)).searchParams.get('code')!;
    const tokens = await t.anonymous.post(...codeExchange(code, verifier));
    expect(tokens.statusCode, tokens.body).toBe(200);
    const ride = await new Client(t.http, { authorization: `Bearer ${tokens.json().access_token}` }).get(
      '/api/v1/ride',
    );
    expect(ride.statusCode, ride.body).toBe(200);
    expect(ride.json()).toMatchObject({ registrationId: registrationOf(0), bib: 1 });
  });

  it('answers 409 pointing at /email for an address that has an account: link it instead', async () => {
    const { user } = await t.signIn('rider');
    const problem = expectProblem(await race.organiser.post(invitationPath(1), { email: user.email }), 409);
    expect(problem.detail).toContain('link it to this registration instead');
    expect(problem.errors).toEqual([{ pointer: '/email', detail: problem.detail }]);
    // That link is what works.
    const linked = await race.organiser.put(`/api/v1/registrations/${registrationOf(1)}/rider`, {
      email: user.email,
    });
    expect(linked.statusCode).toBe(204);
    // And a registration with its rider linked is not invited for (409) until it is unlinked.
    expectProblem(await race.organiser.post(invitationPath(1), { email: 'someone.new@example.org' }), 409);
    expect((await race.organiser.get(ridersList())).json().invitations).toEqual([]);
  });

  it('invites riders only: the role is not the organiser’s to choose', async () => {
    // The general invitation endpoint stays the administrators'.
    for (const role of ['rider', 'organiser', 'admin']) {
      expectProblem(
        await race.organiser.post('/api/v1/invitations', { email: 'climber@example.org', role }),
        403,
      );
    }
    // A role sent along for a registration is refused, not quietly made a rider's.
    expectProblem(
      await race.organiser.post(invitationPath(2), { email: 'climber@example.org', role: 'admin' }),
      400,
    );
    const { token } = await invite(2, 'climber@example.org');
    const accepted = await accept(token);
    expect(accepted.json().user.role).toBe('rider');
  });

  it('refuses other races’ organisers (403), riders and spectators (403), anyone signed out (401)', async () => {
    const { client: other } = await t.signIn('organiser');
    expect((await other.post('/api/v1/races', { name: 'Their race' })).statusCode).toBe(201);
    const pending = await invite(3, 'pending.rider@example.org');
    for (const client of [other, (await t.signIn('rider')).client, (await t.signIn('spectator')).client]) {
      expectProblem(await client.post(invitationPath(3), { email: 'intruder@example.org' }), 403);
      expectProblem(await client.delete(invitationPath(3)), 403);
      expectProblem(await client.get(ridersList()), 403);
    }
    expectProblem(await t.anonymous.post(invitationPath(3), { email: 'intruder@example.org' }), 401);
    expectProblem(
      await race.organiser.post(
        '/api/v1/registrations/00000000-0000-4000-8000-000000000000/rider-invitation',
        {
          email: 'ghost@example.org',
        },
      ),
      404,
    );
    // Still pending, and still the only one of the registration.
    const invited = (await t.admin.get(ridersList())).json().invitations;
    expect(invited.map((i: { id: string }) => i.id)).toEqual([pending.id]);
  });

  it('withdraws the registration’s invitation (410 to the invitee), and a new one supersedes it', async () => {
    const first = await invite(4, 'late.joiner@example.org');
    expect((await race.organiser.delete(invitationPath(4))).statusCode).toBe(204);
    const revoked = expectProblem(await accept(first.token), 410);
    expect(revoked.detail).toContain('the race’s organisers');
    expectProblem(await race.organiser.delete(invitationPath(4)), 404);
    expect((await auditOf('invitation', first.id)).map((e) => e.action)).toEqual([
      'invitation.revoke',
      'invitation.create',
    ]);

    const second = await invite(4, 'late.joiner@example.org');
    const third = await invite(4, 'other.joiner@example.org');
    expectProblem(await accept(second.token), 410);
    const listed = (await race.organiser.get(ridersList())).json().invitations;
    expect(listed.filter((i: { registrationId: string }) => i.registrationId === registrationOf(4))).toEqual([
      expect.objectContaining({ id: third.id, email: 'other.joiner@example.org' }),
    ]);
    expect((await accept(third.token)).statusCode).toBe(201);
  });

  it('refuses an expired invitation (410) and leaves the registration unlinked', async () => {
    const { token, id } = await invite(5, 'slow.rider@example.org');
    await t.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, id));
    const problem = expectProblem(await accept(token), 410);
    expect(problem.detail).toMatch(/expired; ask the race’s organisers/);
    const listed = (await race.organiser.get(ridersList())).json();
    expect(listed.invitations.map((i: { id: string }) => i.id)).not.toContain(id);
    expect(listed.items.map((r: { registrationId: string }) => r.registrationId)).not.toContain(
      registrationOf(5),
    );
  });

  it('withdraws a pending invitation when the organiser links an account to the registration', async () => {
    const { token, id } = await invite(6, 'changed.mind@example.org');
    const { user } = await t.signIn('rider');
    expect(
      (await race.organiser.put(`/api/v1/registrations/${registrationOf(6)}/rider`, { email: user.email }))
        .statusCode,
    ).toBe(204);
    expectProblem(await accept(token), 410);
    const history = await auditOf('invitation', id);
    expect(history[0]).toMatchObject({ action: 'invitation.revoke' });
  });

  it('never lets an organiser supersede an administrator’s invitation of the same address', async () => {
    const byAdmin = await t.admin.post('/api/v1/invitations', {
      email: 'future.official@example.org',
      role: 'commissaire',
    });
    expect(byAdmin.statusCode).toBe(201);
    const problem = expectProblem(
      await race.organiser.post(invitationPath(7), { email: 'future.official@example.org' }),
      409,
    );
    expect(problem.errors).toEqual([{ pointer: '/email', detail: problem.detail }]);
    const pending = (await t.admin.get('/api/v1/invitations')).json().items;
    expect(pending).toContainEqual(
      expect.objectContaining({ id: byAdmin.json().id, role: 'commissaire', registrationId: null }),
    );
    // An administrator manages every race, so may.
    const mine = await invite(7, 'future.official@example.org', t.admin);
    expect(mine.invitedBy).toBe('Administrator');
    const after = (await t.admin.get('/api/v1/invitations')).json().items;
    expect(after.map((i: { id: string }) => i.id)).not.toContain(byAdmin.json().id);
    expect(after).toContainEqual(expect.objectContaining({ id: mine.id, registrationId: registrationOf(7) }));
  });

  it('drops the invitation with its registration', async () => {
    const added = await race.organiser.post(`/api/v1/races/${race.raceId}/registrations`, {
      bib: 90,
      firstName: 'Gone',
      lastName: 'Soon',
    });
    expect(added.statusCode, added.body).toBe(201);
    const registrationId = added.json().id;
    const created = await race.organiser.post(`/api/v1/registrations/${registrationId}/rider-invitation`, {
      email: 'gone.soon@example.org',
    });
    expect(created.statusCode).toBe(201);
    const token = new URL(created.json().link).searchParams.get('token')!;
    expect((await race.organiser.delete(`/api/v1/registrations/${registrationId}`)).statusCode).toBe(204);
    expectProblem(await accept(token), 404);
  });
});

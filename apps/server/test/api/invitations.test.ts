import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitations } from '../../src/db/schema.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

const PASSWORD = 'a long enough password';

describe.skipIf(databaseUnavailable !== null)('invitations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ publicUrl: 'https://race.example.org' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const invite = async (email: string, role = 'organiser') => {
    const response = await t.admin.post('/api/v1/invitations', { email, role });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    const link = new URL(body.link);
    return { ...body, token: link.searchParams.get('token')!, url: link };
  };
  const accept = (token: string, name = 'Invited Person') =>
    t.anonymous.post('/api/v1/invitations/accept', { token, name, password: PASSWORD });

  it('invites by e-mail with a role, lists it as pending, and returns a PUBLIC_URL link', async () => {
    const created = await invite('Commissaire@Example.org', 'commissaire');
    expect(created.url.origin + created.url.pathname).toBe('https://race.example.org/invite');
    expect(created).toMatchObject({
      email: 'commissaire@example.org',
      role: 'commissaire',
      registrationId: null,
      invitedBy: 'Administrator',
    });
    expect(created.token).toMatch(/^ech_inv_/);
    const pending = (await t.admin.get('/api/v1/invitations')).json().items;
    expect(pending.map((i: { email: string }) => i.email)).toContain('commissaire@example.org');
    expect(JSON.stringify(pending)).not.toContain(created.token);
    // Only the hash is stored.
    const [row] = await t.database.db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(row!.tokenHash).not.toContain(created.token);
  });

  it('signs the invitee in with the invited role when they accept, once', async () => {
    const { token, id } = await invite('new.organiser@example.org');
    const response = await accept(token, 'Nora Organiser');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().user).toMatchObject({
      email: 'new.organiser@example.org',
      role: 'organiser',
      name: 'Nora Organiser',
    });
    // Invited for no registration: the new account rides none.
    expect(response.json().registrationId).toBeNull();
    const cookie = response.cookies.find((c) => c.name === 'echelon_session');
    expect(cookie?.httpOnly).toBe(true);
    const session = new Client(t.http, {
      cookie: `echelon_session=${cookie!.value}`,
      'x-csrf-token': response.json().csrfToken,
    });
    expect((await session.get('/api/v1/session')).json().user.role).toBe('organiser');
    // The role works: an organiser creates a race.
    expect((await session.post('/api/v1/races', { name: 'Invited race' })).statusCode).toBe(201);
    // The same password signs in later.
    const login = await t.anonymous.post('/api/v1/auth/login', {
      email: 'new.organiser@example.org',
      password: PASSWORD,
    });
    expect(login.statusCode).toBe(200);
    // No longer pending; audited.
    const pending = (await t.admin.get('/api/v1/invitations')).json().items;
    expect(pending.map((i: { id: string }) => i.id)).not.toContain(id);
    const audit = (await t.admin.get(`/api/v1/audit?targetType=invitation&targetId=${id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'invitation.accept',
      'invitation.create',
    ]);
  });

  it('refuses a reused link (409)', async () => {
    const { token } = await invite('twice@example.org');
    expect((await accept(token)).statusCode).toBe(201);
    expectProblem(await accept(token, 'Someone Else'), 409);
  });

  it('refuses a wrong token (404) and an empty one (400)', async () => {
    expectProblem(await accept('ech_inv_not-a-real-token'), 404);
    expectProblem(
      await t.anonymous.post('/api/v1/invitations/accept', { token: '', name: 'X', password: PASSWORD }),
      400,
    );
  });

  it('refuses a weak password without using the invitation', async () => {
    const { token } = await invite('weak@example.org');
    expectProblem(
      await t.anonymous.post('/api/v1/invitations/accept', { token, name: 'W', password: 'short' }),
      400,
    );
    expect((await accept(token)).statusCode).toBe(201);
  });

  it('refuses an expired link (410)', async () => {
    const { token, id } = await invite('late@example.org');
    await t.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, id));
    const problem = expectProblem(await accept(token), 410);
    expect(problem.detail).toMatch(/expired/);
    expect(
      (await t.admin.get('/api/v1/invitations')).json().items.map((i: { id: string }) => i.id),
    ).not.toContain(id);
  });

  it('refuses a revoked link (410), and a new invitation supersedes the old one', async () => {
    const { token, id } = await invite('revoked@example.org');
    const revoked = await t.admin.delete(`/api/v1/invitations/${id}`);
    expect(revoked.statusCode).toBe(204);
    expectProblem(await accept(token), 410);
    expectProblem(await t.admin.delete(`/api/v1/invitations/${id}`), 404);
    const audit = (await t.admin.get(`/api/v1/audit?targetType=invitation&targetId=${id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'invitation.revoke',
      'invitation.create',
    ]);

    const first = await invite('again@example.org');
    const second = await invite('again@example.org');
    expectProblem(await accept(first.token), 410);
    expect((await accept(second.token)).statusCode).toBe(201);
  });

  it('refuses to invite an address that has an account (409), and an unknown role (400)', async () => {
    expectProblem(
      await t.admin.post('/api/v1/invitations', { email: 'admin@example.org', role: 'admin' }),
      409,
    );
    expectProblem(await t.admin.post('/api/v1/invitations', { email: 'x@example.org', role: 'king' }), 400);
  });

  it('keeps the invitation usable when the address got an account meanwhile (409 on accept)', async () => {
    const { token } = await invite('raced@example.org');
    const { client } = await t.signIn('spectator', { email: 'raced@example.org' });
    expect(client).toBeDefined();
    expectProblem(await accept(token), 409);
  });

  it('is for admins only', async () => {
    const { client: organiser } = await t.signIn('organiser');
    expectProblem(
      await organiser.post('/api/v1/invitations', { email: 'o@example.org', role: 'admin' }),
      403,
    );
    expectProblem(await organiser.get('/api/v1/invitations'), 403);
    expectProblem(await t.anonymous.get('/api/v1/invitations'), 401);
  });
});

describe.skipIf(databaseUnavailable !== null)('invitation acceptance rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ loginRateLimitPerMinute: 3 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('limits attempts like sign-in (429)', async () => {
    const codes: number[] = [];
    for (let k = 0; k < 5; k++) {
      const response = await t.anonymous.post('/api/v1/invitations/accept', {
        token: `ech_inv_guess_${k}`,
        name: 'Guesser',
        password: PASSWORD,
      });
      codes.push(response.statusCode);
    }
    expect(codes.slice(0, 3)).toEqual([404, 404, 404]);
    expect(codes.slice(3)).toEqual([429, 429]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { Client, expectProblem, login, startTestApp, type TestApp } from '../support/test-app.ts';

describe.skipIf(databaseUnavailable !== null)('accounts, sessions and tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in with a session cookie that is HttpOnly and reports the CSRF token', async () => {
    const { user } = await t.signIn('organiser');
    const response = await t.anonymous.post('/api/v1/auth/login', {
      email: user.email.toUpperCase(),
      password: user.password,
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'echelon_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const body = response.json();
    expect(body.user).toMatchObject({ email: user.email, role: 'organiser', disabled: false });
    expect(body.csrfToken).toMatch(/^csrf_/);

    const session = await t.anonymous.request('GET', '/api/v1/session', undefined, {
      cookie: `echelon_session=${cookie.value}`,
    });
    expect(session.json()).toMatchObject({ user: { email: user.email }, csrfToken: body.csrfToken });
  });

  it('refuses a wrong password and an unknown e-mail with the same answer', async () => {
    const { user } = await t.signIn('rider');
    const wrong = expectProblem(
      await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: 'nope nope nope' }),
      401,
    );
    const unknown = expectProblem(
      await t.anonymous.post('/api/v1/auth/login', {
        email: 'nobody@example.org',
        password: 'nope nope nope',
      }),
      401,
    );
    expect(wrong.detail).toBe('Wrong e-mail or password');
    expect(unknown.detail).toBe(wrong.detail);
  });

  it('stores passwords as Argon2id hashes', async () => {
    const { user } = await t.signIn('spectator');
    const row = await t.services.auth.currentUser(user.id);
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('needs the CSRF header for mutating requests made with the session cookie', async () => {
    const { client } = await t.signIn('organiser');
    const withoutCsrf = new Client(t.http, { cookie: client.headers.cookie! });
    const refused = expectProblem(await withoutCsrf.post('/api/v1/races', { name: 'No CSRF' }), 403);
    expect(refused.detail).toContain('x-csrf-token');
    const wrongCsrf = new Client(t.http, { cookie: client.headers.cookie!, 'x-csrf-token': 'csrf_forged' });
    expectProblem(await wrongCsrf.post('/api/v1/races', { name: 'Forged' }), 403);
    expect((await client.post('/api/v1/races', { name: 'With CSRF' })).statusCode).toBe(201);
    // Reads need no token.
    expect((await withoutCsrf.get('/api/v1/tokens')).statusCode).toBe(200);
  });

  it('ends the session on logout', async () => {
    const { client } = await t.signIn('organiser');
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expectProblem(await client.get('/api/v1/session'), 401);
    expectProblem(await client.post('/api/v1/races', { name: 'After logout' }), 401);
  });

  it('issues personal access tokens that work as bearer tokens without CSRF, until revoked', async () => {
    const { client } = await t.signIn('organiser');
    const created = await client.post('/api/v1/tokens', { name: 'results script', expiresInDays: 30 });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json();
    expect(token).toMatch(/^ech_pat_/);
    expect(token.startsWith(prefix)).toBe(true);

    const bearer = new Client(t.http, { authorization: `Bearer ${token}` });
    const race = await bearer.post('/api/v1/races', { name: 'Scripted race' });
    expect(race.statusCode).toBe(201);

    const listed = (await client.get('/api/v1/tokens')).json().items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id, name: 'results script', revoked: false });
    expect(listed[0].token).toBeUndefined();
    expect(listed[0].lastUsedAt).not.toBeNull();

    expect((await client.delete(`/api/v1/tokens/${id}`)).statusCode).toBe(204);
    const after = expectProblem(await bearer.post('/api/v1/races', { name: 'Too late' }), 401);
    expect(after.detail).toContain('revoked');
  });

  it('keeps personal access tokens from spectators and riders', async () => {
    for (const role of ['spectator', 'rider'] as const) {
      const { client } = await t.signIn(role);
      expectProblem(await client.post('/api/v1/tokens', { name: 'mine' }), 403);
    }
  });

  it('lets an admin disable an account, which ends its sessions', async () => {
    const { user, client } = await t.signIn('commissaire');
    const disabled = await t.admin.patch(`/api/v1/users/${user.id}`, { disabled: true });
    expect(disabled.json()).toMatchObject({ disabled: true });
    expectProblem(await client.get('/api/v1/session'), 401);
    const relogin = expectProblem(
      await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: user.password }),
      403,
    );
    expect(relogin.detail).toContain('disabled');
  });

  it('lets an admin reset a password and change a role; audits both', async () => {
    const { user } = await t.signIn('spectator');
    const reset = await t.admin.patch(`/api/v1/users/${user.id}`, {
      password: 'a brand new password',
      role: 'organiser',
    });
    expect(reset.json().role).toBe('organiser');
    expect((await login(t.http, user.email, 'a brand new password')).headers.cookie).toContain(
      'echelon_session=',
    );
    const audit = (await t.admin.get(`/api/v1/audit?targetType=user&targetId=${user.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['user.update', 'user.create']);
    expect(audit[0].details.changed).toEqual(['role', 'password (reset)']);
    expect(audit[0].actorEmail).toBe('admin@example.org');
  });

  it('refuses duplicate e-mails and short passwords with clear problems', async () => {
    const { user } = await t.signIn('rider');
    const duplicate = expectProblem(
      await t.admin.post('/api/v1/users', {
        email: user.email,
        name: 'Twin',
        role: 'rider',
        password: 'long enough pw',
      }),
      409,
    );
    expect(duplicate.detail).toContain(user.email);
    const short = expectProblem(
      await t.admin.post('/api/v1/users', {
        email: 'short@example.org',
        name: 'S',
        role: 'rider',
        password: 'short',
      }),
      400,
    );
    expect(short.detail).toContain('password');
  });

  it('keeps an admin from demoting themselves', async () => {
    const me = (await t.admin.get('/api/v1/session')).json().user;
    expectProblem(await t.admin.patch(`/api/v1/users/${me.id}`, { role: 'organiser' }), 400);
  });
});

describe.skipIf(databaseUnavailable !== null)('login rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ loginRateLimitPerMinute: 3 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 after too many attempts for one account, but not for another', async () => {
    const attempt = (email: string) =>
      t.anonymous.post('/api/v1/auth/login', { email, password: 'guess guess' });
    for (let i = 0; i < 3; i++) expect((await attempt('victim@example.org')).statusCode).toBe(401);
    const limited = expectProblem(await attempt('victim@example.org'), 429);
    expect(limited.detail).toMatch(/rate limit/i);
    expect((await attempt('someone-else@example.org')).statusCode).toBe(401);
  });
});

describe.skipIf(databaseUnavailable !== null)('first-time setup', () => {
  it('creates the first admin through the one-time link, once', async () => {
    const { startBareApp } = await import('../support/bare-app.ts');
    const bare = await startBareApp();
    try {
      const { setupSecret } = await bare.services.auth.bootstrap(null);
      expect(setupSecret).toMatch(/^setup_/);
      const page = await bare.http.inject({ method: 'GET', url: `/setup?token=${setupSecret}` });
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('/api/v1/setup');

      const body = {
        token: setupSecret,
        email: 'Chief@Example.org',
        name: 'Chief',
        password: 'first admin password',
      };
      expectProblem(
        await bare.http.inject({
          method: 'POST',
          url: '/api/v1/setup',
          payload: { ...body, token: 'setup_wrong' },
        }),
        403,
      );
      const done = await bare.http.inject({ method: 'POST', url: '/api/v1/setup', payload: body });
      expect(done.statusCode).toBe(201);
      expect(done.json().user.email).toBe('chief@example.org');
      const again = expectProblem(
        await bare.http.inject({ method: 'POST', url: '/api/v1/setup', payload: body }),
        409,
      );
      expect(again.detail).toContain('already');
      const admin = await login(bare.http, 'chief@example.org', 'first admin password');
      expect((await admin.get('/api/v1/session')).json().user.role).toBe('admin');
      // With a user present, bootstrap prints no link any more.
      expect((await bare.services.auth.bootstrap(null)).setupSecret).toBeNull();
    } finally {
      await bare.close();
    }
  });
});

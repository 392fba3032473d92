import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { codeExchange, OAuthBrowser, rideAuthorization } from '../support/oauth-browser.ts';
import { Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

/**
 * What a link made in the back office means for the /ride app: the linked rider may approve their
 * registration, and an unlinked (or replaced) account's tokens stop working at once.
 */
describe.skipIf(databaseUnavailable !== null)('rider links and the /ride app’s OAuth sign-in', () => {
  let t: TestApp;
  let race: LiveRace;
  const riderPath = () => `/api/v1/registrations/${race.riders[0]!.id}/rider`;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 1);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Signs in through /oauth/auth with `cookie`, approves the race's registration, returns a token. */
  async function connect(cookie: string) {
    const browser = new OAuthBrowser(t.http, cookie);
    const { query, verifier } = rideAuthorization();
    const page = await browser.go('GET', `/oauth/auth?${query}`);
    expect(page.statusCode, page.body).toBe(200);
    const out = await browser.consent(race.riders[0]!.id);
    if (out.statusCode !== 303) return { page, out, token: null, refresh: null };
    const code = new URL(String(out.headers.location)).searchParams.get('code')!;
    const tokens = await t.anonymous.post(...codeExchange(code, verifier));
    expect(tokens.statusCode, tokens.body).toBe(200);
    const { access_token, refresh_token } = tokens.json();
    return { page, out, token: access_token as string, refresh: refresh_token as string };
  }

  const rideWith = (token: string) =>
    new Client(t.http, { authorization: `Bearer ${token}` }).get('/api/v1/ride');
  const refresh = (token: string) =>
    t.anonymous.post(
      '/oauth/token',
      new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: 'echelon-ride',
      }).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );

  it('lets a rider linked by e-mail approve their own registration; unlinking ends their token', async () => {
    const { user, client } = await t.signIn('rider');
    const cookie = client.headers.cookie!;
    expect((await connect(cookie)).page.body).toContain('rides no registration');

    expect((await race.organiser.put(riderPath(), { email: user.email })).statusCode).toBe(204);
    const { page, token, refresh: refreshToken } = await connect(cookie);
    expect(page.body).toContain('#1 Rider 1');
    const ride = await rideWith(token!);
    expect(ride.statusCode, ride.body).toBe(200);
    expect(ride.json()).toMatchObject({ registrationId: race.riders[0]!.id, bib: 1 });

    expect((await race.organiser.delete(riderPath())).statusCode).toBe(204);
    expectProblem(await rideWith(token!), 401);
    // The grant itself is gone, not only its binding: its refresh token mints nothing more.
    expect((await refresh(refreshToken!)).json().error).toBe('invalid_grant');
    const audit = (
      await t.admin.get(`/api/v1/audit?targetType=registration&targetId=${race.riders[0]!.id}`)
    ).json().items;
    expect(audit[0]).toMatchObject({ action: 'registration.rider.unlink', details: { grantsRevoked: 1 } });
    // No longer theirs: approving it is refused.
    expectProblem((await connect(cookie)).out, 403);
  });

  it('ends the previous account’s tokens when the registration is linked to someone else', async () => {
    const first = await t.signIn('rider');
    const second = await t.signIn('rider');
    await race.organiser.put(riderPath(), { email: first.user.email });
    const { token } = await connect(first.client.headers.cookie!);
    expect((await rideWith(token!)).statusCode).toBe(200);

    expect((await race.organiser.put(riderPath(), { email: second.user.email })).statusCode).toBe(204);
    expectProblem(await rideWith(token!), 401);
    const { token: theirs } = await connect(second.client.headers.cookie!);
    expect((await rideWith(theirs!)).statusCode).toBe(200);
  });

  it('keeps the trackers an organiser connected when the rider is unlinked', async () => {
    const { token } = await connect(race.organiser.headers.cookie!);
    expect((await rideWith(token!)).statusCode).toBe(200);
    expect((await race.organiser.delete(riderPath())).statusCode).toBe(204);
    expect((await rideWith(token!)).statusCode).toBe(200);
  });
});

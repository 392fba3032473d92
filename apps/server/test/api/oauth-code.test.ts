import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import {
  codeExchange,
  OAuthBrowser,
  pkce,
  RIDE_REDIRECT as REDIRECT,
  rideAuthorization,
} from '../support/oauth-browser.ts';
import { Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

describe.skipIf(databaseUnavailable !== null)('OAuth: authorization code with PKCE for the /ride app', () => {
  let t: TestApp;
  let race: LiveRace;
  let riderCookie: string;
  const start = Date.now() - 10 * 60_000;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 2);
    const { user, client } = await t.signIn('rider');
    riderCookie = client.headers.cookie!;
    const linked = await race.organiser.put(`/api/v1/registrations/${race.riders[0]!.id}/rider`, {
      userId: user.id,
    });
    expect(linked.statusCode).toBe(204);
    await race.organiser.post(`/api/v1/races/${race.raceId}/status`, { status: 'live', at: start });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Signs in through /oauth/auth as the rider, approves `registrationId`, and returns the redirect. */
  async function authorize(
    registrationId: string | null,
    scope = 'track',
    browser = new OAuthBrowser(t.http, riderCookie),
  ) {
    const { query, verifier } = rideAuthorization(scope);
    const consentPage = await browser.go('GET', `/oauth/auth?${query}`);
    expect(consentPage.statusCode, consentPage.body).toBe(200);
    const out = await browser.consent(registrationId);
    return { out, verifier, browser };
  }

  async function exchange(code: string, verifier: string) {
    return t.anonymous.post(...codeExchange(code, verifier));
  }

  const fixAt = (metres: number, seconds: number) => ({
    time: start + seconds * 1000,
    ...along(metres),
    accuracy: 5,
  });

  it('signs a rider in, lets them pick their registration, and issues a token that sends for it', async () => {
    const { out, verifier } = await authorize(race.riders[0]!.id);
    expect(out.statusCode).toBe(303);
    const redirect = new URL(String(out.headers.location));
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT);
    expect(redirect.searchParams.get('state')).toBe('st4te');
    const tokens = await exchange(redirect.searchParams.get('code')!, verifier);
    expect(tokens.statusCode, tokens.body).toBe(200);
    const { access_token, refresh_token, scope, token_type } = tokens.json();
    expect(token_type).toBe('Bearer');
    expect(scope).toBe('track');
    expect(refresh_token).toBeTruthy();

    const device = new Client(t.http, { authorization: `Bearer ${access_token}` });
    const ride = await device.get('/api/v1/ride');
    expect(ride.statusCode, ride.body).toBe(200);
    expect(ride.json()).toMatchObject({
      registrationId: race.riders[0]!.id,
      bib: race.riders[0]!.bib,
      stage: { id: race.stageId },
    });
    const sent = await device.post('/api/v1/track/batch', { fixes: [fixAt(100, 10), fixAt(200, 20)] });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ accepted: 2, duplicates: 0 });
  });

  it('refuses a code exchanged without the right PKCE verifier', async () => {
    const { out } = await authorize(race.riders[0]!.id);
    const code = new URL(String(out.headers.location)).searchParams.get('code')!;
    const refused = await exchange(code, pkce().verifier);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toBe('invalid_grant');
  });

  it('refreshes: a new access token for the same registration, the old refresh token spent', async () => {
    const { out, verifier } = await authorize(race.riders[0]!.id);
    const first = (
      await exchange(new URL(String(out.headers.location)).searchParams.get('code')!, verifier)
    ).json();
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
    const renewed = await refresh(first.refresh_token);
    expect(renewed.statusCode, renewed.body).toBe(200);
    const second = renewed.json();
    expect(second.access_token).not.toBe(first.access_token);
    const ride = await new Client(t.http, { authorization: `Bearer ${second.access_token}` }).get(
      '/api/v1/ride',
    );
    expect(ride.json().registrationId).toBe(race.riders[0]!.id);
    // Public clients rotate refresh tokens: the spent one is refused.
    expect((await refresh(first.refresh_token)).json().error).toBe('invalid_grant');
  });

  it("refuses a rider approving someone else's registration (403 problem+json)", async () => {
    const { out } = await authorize(race.riders[1]!.id);
    expectProblem(out, 403);
  });

  it('refuses a token without the track scope on the ingest routes (403)', async () => {
    const { out, verifier } = await authorize(race.riders[0]!.id, 'openid');
    const tokens = (
      await exchange(new URL(String(out.headers.location)).searchParams.get('code')!, verifier)
    ).json();
    expect(tokens.scope).toBe('openid');
    const device = new Client(t.http, { authorization: `Bearer ${tokens.access_token}` });
    expectProblem(await device.post('/api/v1/track/batch', { fixes: [fixAt(300, 30)] }), 403);
  });

  it('lets the rider deny, and sends the app back with access_denied', async () => {
    const { out } = await authorize(null);
    expect(new URL(String(out.headers.location)).searchParams.get('error')).toBe('access_denied');
  });

  it('shows a sign-in form to a browser without a session, which opens one', async () => {
    const browser = new OAuthBrowser(t.http);
    const { challenge } = pkce();
    const query = new URLSearchParams({
      client_id: 'echelon-ride',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'track',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const login = await browser.go('GET', `/oauth/auth?${query}`);
    expect(login.body).toContain('name="password"');
    const action = /action="([^"]+)"/.exec(login.body)![1]!;
    const wrong = await browser.go('POST', action, { email: 'nobody@example.org', password: 'nope' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Wrong e-mail or password');
    const admin = await browser.go('POST', action, {
      email: 'admin@example.org',
      password: 'correct horse battery',
    });
    expect(admin.statusCode).toBe(200);
    expect(browser.cookies.has('echelon_session')).toBe(true);
    // The administrator rides nothing: the page says so rather than offering someone else's registration.
    expect(admin.body).toContain('rides no registration');
  });
});

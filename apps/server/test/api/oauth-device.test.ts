import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { formOf, OAuthBrowser } from '../support/oauth-browser.ts';
import { Client, expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

describe.skipIf(databaseUnavailable !== null)('OAuth: the device authorization grant (RFC 8628)', () => {
  let t: TestApp;
  let race: LiveRace;
  let rider: Client;
  let riderCookie: string;
  const start = Date.now() - 10 * 60_000;

  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 2);
    const signedIn = await t.signIn('rider');
    rider = signedIn.client;
    riderCookie = rider.headers.cookie!;
    await race.organiser.put(`/api/v1/registrations/${race.riders[0]!.id}/rider`, {
      userId: signedIn.user.id,
    });
    await race.organiser.post(`/api/v1/races/${race.raceId}/status`, { status: 'live', at: start });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (url: string, form: Record<string, string>) =>
    t.anonymous.post(url, new URLSearchParams(form).toString(), FORM);
  const poll = (deviceCode: string) =>
    post('/oauth/token', { grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: 'echelon-device' });
  const refresh = (token: string) =>
    post('/oauth/token', { grant_type: 'refresh_token', refresh_token: token, client_id: 'echelon-device' });
  const fixAt = (metres: number, seconds: number) => ({
    time: start + seconds * 1000,
    ...along(metres),
    accuracy: 5,
  });

  /** The tracker asks for a code; the rider opens the link on their phone, confirms and consents. */
  async function connect(registrationId: string) {
    const asked = await post('/oauth/device/auth', { client_id: 'echelon-device', scope: 'track' });
    expect(asked.statusCode, asked.body).toBe(200);
    const code = asked.json();
    expect(new URL(code.verification_uri).pathname).toBe('/oauth/device');
    expect((await poll(code.device_code)).json().error).toBe('authorization_pending');

    const browser = new OAuthBrowser(t.http, riderCookie);
    // The complete link posts the code itself (a self-submitting form), then asks to confirm it.
    const link = await browser.go('GET', code.verification_uri_complete);
    const submitted = formOf(link.body);
    expect(submitted.fields.user_code).toBe(code.user_code);
    const confirm = await browser.go('POST', submitted.action, submitted.fields);
    expect(confirm.body).toContain(code.user_code);
    const { action, fields } = formOf(confirm.body, 'op.deviceConfirmForm');
    const consent = await browser.go('POST', action, fields);
    expect(consent.statusCode, consent.body).toBe(200);
    const done = await browser.consent(registrationId);
    return { code, done };
  }

  it('connects a tracker end to end: code, approval by the signed-in rider, token, batch accepted', async () => {
    const { code, done } = await connect(race.riders[0]!.id);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('Tracker connected');
    const tokens = await poll(code.device_code);
    expect(tokens.statusCode, tokens.body).toBe(200);
    expect(tokens.json()).toMatchObject({ token_type: 'Bearer', scope: 'track' });
    const device = new Client(t.http, { authorization: `Bearer ${tokens.json().access_token}` });
    const sent = await device.post('/api/v1/track/batch', { fixes: [fixAt(100, 10), fixAt(200, 20)] });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().accepted).toBe(2);
    // SOS reaches race control (and only race control).
    expect(
      (await device.post('/api/v1/track/batch', { fixes: [{ ...fixAt(250, 25), sos: true }] })).statusCode,
    ).toBe(200);
    await expect
      .poll(async () => (await race.organiser.get(`/api/v1/races/${race.raceId}/sos`)).json().items)
      .toContainEqual(expect.objectContaining({ bib: 1, positionRefused: null }));
    // The code is spent once it has given its tokens.
    expect((await poll(code.device_code)).json().error).toBe('invalid_grant');
  });

  it('refuses a rider approving a registration that is not theirs, and the tracker gets nothing', async () => {
    const { code, done } = await connect(race.riders[1]!.id);
    expectProblem(done, 403);
    expect((await poll(code.device_code)).json().error).toBe('authorization_pending');
  });

  it('refuses an expired device code and an expired access token', async () => {
    const { code } = await connect(race.riders[0]!.id);
    const tokens = (await poll(code.device_code)).json();
    const pending = (
      await post('/oauth/device/auth', { client_id: 'echelon-device', scope: 'track' })
    ).json();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    expect((await poll(pending.device_code)).json().error).toMatch(/expired_token|invalid_grant/);
    const device = new Client(t.http, { authorization: `Bearer ${tokens.access_token}` });
    expectProblem(await device.post('/api/v1/track/batch', { fixes: [fixAt(300, 30)] }), 401);
  });

  it('revokes from the back office: grants, their access and refresh tokens, and device tokens', async () => {
    const { code } = await connect(race.riders[0]!.id);
    const tokens = (await poll(code.device_code)).json();
    const native = (
      await race.organiser.post(`/api/v1/registrations/${race.riders[0]!.id}/device-tokens`)
    ).json();
    const oauthDevice = new Client(t.http, { authorization: `Bearer ${tokens.access_token}` });
    const nativeDevice = new Client(t.http, { authorization: `Bearer ${native.token}` });
    expect((await oauthDevice.post('/api/v1/track/batch', { fixes: [fixAt(400, 40)] })).statusCode).toBe(200);

    expectProblem(await rider.delete(`/api/v1/registrations/${race.riders[0]!.id}/device-grants`), 403);
    const revoked = await race.organiser.delete(`/api/v1/registrations/${race.riders[0]!.id}/device-grants`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().grants).toBeGreaterThanOrEqual(1);
    expect(revoked.json().deviceTokens).toBe(1);

    expectProblem(await oauthDevice.post('/api/v1/track/batch', { fixes: [fixAt(500, 50)] }), 401);
    expectProblem(await nativeDevice.post('/api/v1/track/batch', { fixes: [fixAt(500, 50)] }), 401);
    expect((await refresh(tokens.refresh_token)).json().error).toBe('invalid_grant');
  });

  it('refuses a tracker asking for a scope it may not have', async () => {
    const asked = await post('/oauth/device/auth', { client_id: 'echelon-device', scope: 'track admin' });
    // Unknown scopes are dropped, never granted: the code only ever covers `track`.
    if (asked.statusCode === 200) {
      expect(asked.json().device_code).toBeTruthy();
    } else {
      expect(asked.json().error).toBe('invalid_scope');
    }
    const unknownClient = await post('/oauth/device/auth', { client_id: 'someone-else', scope: 'track' });
    expect(unknownClient.json().error).toBe('invalid_client');
  });
});

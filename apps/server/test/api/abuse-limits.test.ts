import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { expectProblem, startTestApp, type TestApp } from '../support/test-app.ts';

/** A forged X-Forwarded-For per request, as the attack in issue 15 sent them. */
const forged = (i: number) => ({ 'x-forwarded-for': `203.0.113.${i % 250}, 198.51.100.${(i * 7) % 250}` });

describe.skipIf(databaseUnavailable !== null)('rate limits key on the real client (TRUST_PROXY off)', () => {
  let t: TestApp;
  let race: LiveRace;
  beforeAll(async () => {
    t = await startTestApp({ loginRateLimitPerMinute: 10 });
    race = await setUpLiveRace(t, 2);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('limits 40 sign-ins with forged X-Forwarded-For: at least 30 × 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const answer = await t.anonymous.post(
        '/api/v1/auth/login',
        { email: 'victim@example.org', password: `guess ${i}` },
        forged(i),
      );
      codes.push(answer.statusCode);
    }
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(30);
    expect(codes.filter((c) => c >= 500)).toEqual([]);
  });

  it('limits accepting invitations the same way', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const answer = await t.anonymous.post(
        '/api/v1/invitations/accept',
        { token: `inv_guess${i}`, name: 'Mallory', password: 'correct horse battery' },
        forged(i),
      );
      codes.push(answer.statusCode);
    }
    expect(codes.slice(10).every((c) => c === 429)).toBe(true);
  });

  it('throttles guessing OsmAnd tracker ids, known ids included, once an address has missed 20 times', async () => {
    const { lat, lon } = along(300);
    const time = Date.now() - 60_000;
    const known = race.riders[0]!.deviceId;
    expect(
      (await t.anonymous.get(`/osmand?id=${known}&lat=${lat}&lon=${lon}&timestamp=${time}`)).statusCode,
    ).toBe(200);
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) {
      const guess = await t.anonymous.request(
        'GET',
        `/osmand?id=guess-${i}&lat=${lat}&lon=${lon}`,
        undefined,
        forged(i),
      );
      codes.push(guess.statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 403)).toBe(true);
    expect(codes.slice(20).every((c) => c === 429)).toBe(true);
    // A known id from the same address answers exactly like an unknown one now: nothing to learn.
    const knownNow = await t.anonymous.get(
      `/osmand?id=${known}&lat=${lat}&lon=${lon}&timestamp=${time + 5_000}`,
    );
    expectProblem(knownNow, 429);
  });
});

describe.skipIf(databaseUnavailable !== null)('OwnTracks credentials are bound to their rider', () => {
  let t: TestApp;
  let race: LiveRace;
  let tokens: string[];
  beforeAll(async () => {
    t = await startTestApp();
    race = await setUpLiveRace(t, 2);
    tokens = [];
    for (const rider of race.riders) {
      tokens.push(
        (await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`)).json().token,
      );
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (user: string, password: string) =>
    t.anonymous.post(
      `/owntracks?u=${user}&d=phone`,
      { _type: 'location', ...along(400), tst: Math.floor(Date.now() / 1000) - 30, acc: 6 },
      { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    );

  it("refuses another rider's device token as the password, and takes the rider's own", async () => {
    const [first, second] = race.riders;
    expectProblem(await post(first!.deviceId, tokens[1]!), 401);
    expect(await t.services.ingest.countStored(first!.id)).toBe(0);
    expect((await post(first!.deviceId, tokens[0]!)).statusCode).toBe(200);
    expect((await post(second!.deviceId, tokens[1]!)).statusCode).toBe(200);
    await t.services.ingest.drain();
    expect(await t.services.ingest.countStored(first!.id)).toBe(1);
  });
});

describe.skipIf(databaseUnavailable !== null)('behind a proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ loginRateLimitPerMinute: 3, trustProxy: 1 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keys the limit on the address the proxy saw, so one client does not lock out another', async () => {
    const attempt = (client: string) =>
      t.anonymous.post(
        '/api/v1/auth/login',
        { email: 'victim@example.org', password: 'guess guess' },
        // What the client sent, then what nginx appended: only the last hop is believed.
        { 'x-forwarded-for': `10.9.9.9, ${client}` },
      );
    for (let i = 0; i < 3; i++) expect((await attempt('192.0.2.1')).statusCode).toBe(401);
    expectProblem(await attempt('192.0.2.1'), 429);
    expect((await attempt('192.0.2.2')).statusCode).toBe(401);
  });
});

import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthKeys, randomOAuthKeys } from '../../src/modules/oauth/oauth-keys.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { setUpLiveRace } from '../support/live-race.ts';
import {
  codeExchange,
  OAuthBrowser,
  RIDE_REDIRECT as REDIRECT,
  rideAuthorization,
} from '../support/oauth-browser.ts';
import { Client } from '../support/test-app.ts';
import { RoundRobin, startTwinApps, type TwinApps } from '../support/twin-apps.ts';

/** A rider with a registration of their own, signed in on the first instance. */
async function riderOf(twins: TwinApps) {
  const race = await setUpLiveRace(twins.a, 1);
  const { user, client } = await twins.a.signIn('rider');
  const registrationId = race.riders[0]!.id;
  const linked = await race.organiser.put(`/api/v1/registrations/${registrationId}/rider`, {
    userId: user.id,
  });
  expect(linked.statusCode).toBe(204);
  return { cookie: client.headers.cookie!, registrationId };
}

/** The /ride app's sign-in (code + PKCE, with an ID token) as far as the consent page. */
async function startSignIn(browser: OAuthBrowser) {
  const { query, verifier } = rideAuthorization('openid track');
  const page = await browser.go('GET', `/oauth/auth?${query}`);
  return { page, verifier };
}

function exchange(client: Client, code: string, verifier: string) {
  return client.post(...codeExchange(code, verifier));
}

/** Whether a compact JWS (ES256) verifies with the key its header names in a published JWK set. */
function verifiesWith(jws: string, jwks: { keys: JsonWebKey[] }): boolean {
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const { kid, alg } = JSON.parse(Buffer.from(header, 'base64url').toString());
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (alg !== 'ES256' || !jwk) return false;
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
}

const jwksOf = async (client: Client) => (await client.get('/oauth/jwks')).json() as { keys: JsonWebKey[] };

describe.skipIf(databaseUnavailable !== null)('OAuth across api processes with shared keys', () => {
  // Two keys of each kind, as in the middle of a rotation: the first signs, both verify.
  const keys: OAuthKeys = {
    cookieKeys: [...randomOAuthKeys().cookieKeys, ...randomOAuthKeys().cookieKeys],
    signingKeys: [...randomOAuthKeys().signingKeys, ...randomOAuthKeys().signingKeys],
  };
  let twins: TwinApps;
  let rider: { cookie: string; registrationId: string };

  beforeAll(async () => {
    twins = await startTwinApps({ a: keys, b: structuredClone(keys) });
    rider = await riderOf(twins);
  });
  afterAll(async () => {
    await twins?.close();
  });

  it('lets a sign-in move between the processes at every request, and issues tokens both accept', async () => {
    const balancer = new RoundRobin(twins.a.http, twins.b.http);
    const browser = new OAuthBrowser(balancer.asHttp(), rider.cookie);
    const { page, verifier } = await startSignIn(browser);
    expect(page.statusCode, page.body).toBe(200);
    const out = await browser.consent(rider.registrationId);
    expect(out.statusCode, out.body).toBe(303);
    const redirect = new URL(String(out.headers.location));
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT);
    expect(redirect.searchParams.get('state')).toBe('st4te');
    // The interaction really was carried by both: cookies set by one were read by the other.
    const oauthHops = balancer.served.filter((s) => s.url.startsWith('/oauth/'));
    expect(new Set(oauthHops.map((s) => s.instance))).toEqual(new Set(['a', 'b']));

    const tokens = await exchange(
      new Client(balancer.asHttp()),
      redirect.searchParams.get('code')!,
      verifier,
    );
    expect(tokens.statusCode, tokens.body).toBe(200);
    const { access_token, id_token } = tokens.json();
    for (const http of [twins.a.http, twins.b.http]) {
      const ride = await new Client(http, { authorization: `Bearer ${access_token}` }).get('/api/v1/ride');
      expect(ride.statusCode, ride.body).toBe(200);
      expect(ride.json().registrationId).toBe(rider.registrationId);
    }
    // Signed with the first configured key, and verifiable with the set either process publishes.
    const kid = JSON.parse(Buffer.from(id_token.split('.')[0], 'base64url').toString()).kid;
    expect(kid).toBe(keys.signingKeys[0]!.kid);
    expect(verifiesWith(id_token, await jwksOf(twins.a.anonymous))).toBe(true);
    expect(verifiesWith(id_token, await jwksOf(new Client(twins.b.http)))).toBe(true);
  });

  it('publishes the same public keys from both, in the configured order, without their private part', async () => {
    const fromA = await jwksOf(twins.a.anonymous);
    const fromB = await jwksOf(new Client(twins.b.http));
    expect(fromB).toEqual(fromA);
    expect(fromA.keys.map((k) => k.kid)).toEqual(keys.signingKeys.map((k) => k.kid));
    expect(fromA.keys.map((k) => [k.x, k.y])).toEqual(keys.signingKeys.map((k) => [k.x, k.y]));
    for (const key of fromA.keys) expect(key.d).toBeUndefined();
  });
});

describe.skipIf(databaseUnavailable !== null)('OAuth across api processes with keys of their own', () => {
  let twins: TwinApps;
  let rider: { cookie: string; registrationId: string };

  beforeAll(async () => {
    twins = await startTwinApps({ a: null, b: null });
    rider = await riderOf(twins);
  });
  afterAll(async () => {
    await twins?.close();
  });

  it('breaks a sign-in that moves to the other process: its cookies are signed with a key unknown there', async () => {
    const balancer = new RoundRobin(twins.a.http, twins.b.http);
    const browser = new OAuthBrowser(balancer.asHttp(), rider.cookie);
    const { page } = await startSignIn(browser);
    expect(balancer.served.map((s) => s.instance)).toEqual(['a', 'b']);
    expect(page.statusCode).toBe(400);
    expect(page.body).not.toContain('name="registrationId"');
  });

  it('signs ID tokens with a key the other process does not publish', async () => {
    const browser = new OAuthBrowser(twins.a.http, rider.cookie);
    const { page, verifier } = await startSignIn(browser);
    expect(page.statusCode, page.body).toBe(200);
    const out = await browser.consent(rider.registrationId);
    const code = new URL(String(out.headers.location)).searchParams.get('code')!;
    const { id_token } = (await exchange(twins.a.anonymous, code, verifier)).json();
    expect(verifiesWith(id_token, await jwksOf(twins.a.anonymous))).toBe(true);
    expect(verifiesWith(id_token, await jwksOf(new Client(twins.b.http)))).toBe(false);
  });
});

import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';

/** A private P-256 key as a JWK: it signs ID tokens (ES256); /oauth/jwks publishes its public half. */
export interface SigningJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
  kid: string;
}

/**
 * The secrets of the authorisation server. Every process that serves sign-in must hold the same ones,
 * or a sign-in that moves to another process fails on a cookie signature that process never made.
 * In both lists the first key signs and every key verifies, so a key can be rotated without a cut.
 */
export interface OAuthKeys {
  /** Sign oidc-provider's interaction and session cookies (OAUTH_COOKIE_KEYS). */
  cookieKeys: string[];
  /** Sign ID tokens; all are published at /oauth/jwks (OAUTH_JWKS). */
  signingKeys: SigningJwk[];
}

export function newCookieKey(): string {
  return randomBytes(32).toString('base64url');
}

export function newSigningKey(): SigningJwk {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const key = { x: jwk.x!, y: jwk.y!, d: jwk.d! };
  return { kty: 'EC', crv: 'P-256', ...key, kid: thumbprint(key) };
}

/** Keys of this process alone: right for one process, where nothing else has to verify them. */
export function randomOAuthKeys(): OAuthKeys {
  return { cookieKeys: [newCookieKey()], signingKeys: [newSigningKey()] };
}

/**
 * The RFC 7638 thumbprint of a P-256 public key: a `kid` derived from the key itself, so a key set
 * written without kids still names its keys the same way in every process.
 */
export function thumbprint(key: { x: string; y: string }): string {
  const members = JSON.stringify({ crv: 'P-256', kty: 'EC', x: key.x, y: key.y });
  return createHash('sha256').update(members).digest('base64url');
}

/**
 * What to tell the operator of a process that signs riders in with keys of its own while it may have
 * siblings (it is on NATS): a sign-in moving between them would fail. Null when there is nothing to say.
 */
export function unsharedKeysWarning(setup: {
  servesSignIn: boolean;
  clustered: boolean;
  keys: OAuthKeys | null;
}): string | null {
  if (!setup.servesSignIn || !setup.clustered || setup.keys) return null;
  return (
    'OAUTH_COOKIE_KEYS and OAUTH_JWKS are not set: this process signs OAuth cookies and ID tokens with ' +
    'keys of its own. With more than one api process, a rider’s sign-in fails when the load balancer ' +
    'sends it to another one unless sessions are sticky; set both (npm run oauth:keys) to the same ' +
    'values in every process.'
  );
}

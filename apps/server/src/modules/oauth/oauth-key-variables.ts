import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { type SigningJwk, thumbprint } from './oauth-keys.ts';

/**
 * The environment's form of the OAuth keys, checked at start-up (config.ts) so a bad key stops the
 * process with a message naming its variable rather than failing a rider's sign-in later.
 */

/** 32 random bytes, as the generator makes them; shorter secrets are refused. */
export const MIN_COOKIE_KEY_LENGTH = 32;
const GENERATOR = 'npm run oauth:keys makes them';

/** OAUTH_COOKIE_KEYS: one or more secrets separated by commas. */
export const CookieKeysVariable = z.string().transform((value, ctx) => {
  const keys = value
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  if (keys.length === 0 || keys.some((key) => key.length < MIN_COOKIE_KEY_LENGTH)) {
    ctx.addIssue({
      code: 'custom',
      message: `must be secrets of at least ${MIN_COOKIE_KEY_LENGTH} characters separated by commas (${GENERATOR})`,
    });
    return z.NEVER;
  }
  return keys;
});

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const base64url = z.string().regex(BASE64URL, 'must be base64url');
const JwkSet = z.object(
  {
    keys: z
      .array(
        z.object({
          kty: z.literal('EC', 'must be "EC"'),
          crv: z.literal('P-256', 'must be "P-256" (ID tokens are signed with ES256)'),
          x: base64url,
          y: base64url,
          d: z
            .string({
              error: (issue) =>
                issue.input === undefined ? 'is missing: a private key is needed' : undefined,
            })
            .regex(BASE64URL, 'must be base64url'),
          kid: z.string().min(1, 'must not be empty').optional(),
        }),
        'must be an array',
      )
      .min(1, 'must hold at least one key'),
  },
  'it is not an object with "keys"',
);

/** OAUTH_JWKS: a JSON Web Key Set of private P-256 keys, checked here so a bad one stops start-up. */
export const SigningKeysVariable = z.string().transform((value, ctx): SigningJwk[] => {
  const fail = (why: string) => {
    ctx.addIssue({
      code: 'custom',
      message: `must be a JSON Web Key Set of private P-256 keys, {"keys":[…]} (${GENERATOR}): ${why}`,
    });
    return z.NEVER;
  };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return fail('it is not JSON');
  }
  const set = JwkSet.safeParse(json);
  if (!set.success) {
    const [issue] = set.error.issues;
    const where = (issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`));
    return fail(`${where.join('').replace(/^\./, '')} ${issue?.message ?? 'is not valid'}`.trim());
  }
  const keys: SigningJwk[] = [];
  for (const [i, given] of set.data.keys.entries()) {
    const key = { kty: 'EC' as const, crv: 'P-256' as const, x: given.x, y: given.y, d: given.d };
    // A key whose public half does not belong to its private half would sign tokens nobody can verify;
    // Node takes x and y as given, so a signature made with d must verify with them.
    try {
      const probe = Buffer.from('echelon');
      const signature = sign('sha256', probe, createPrivateKey({ key, format: 'jwk' }));
      const publicKey = createPublicKey({
        key: { kty: key.kty, crv: key.crv, x: key.x, y: key.y },
        format: 'jwk',
      });
      if (!verify('sha256', probe, publicKey, signature))
        return fail(`keys[${i}] x and y do not match its d`);
    } catch {
      return fail(`keys[${i}] is not a valid P-256 key`);
    }
    const kid = given.kid ?? thumbprint(key);
    if (keys.some((other) => other.kid === kid)) return fail(`keys[${i}] repeats the kid "${kid}"`);
    keys.push({ ...key, kid });
  }
  return keys;
});

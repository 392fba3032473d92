import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { newCookieKey, newSigningKey, unsharedKeysWarning } from '../src/modules/oauth/oauth-keys.ts';

const CLI = fileURLToPath(new URL('../scripts/oauth-keys.ts', import.meta.url));

/** Runs `npm run oauth:keys` (the script itself) and reads its lines back as variables. */
function generate(args: string[] = [], env: Record<string, string> = {}): Record<string, string> {
  const out = execFileSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines = out.trim().split('\n');
  return Object.fromEntries(
    lines.map((line) => {
      const [, name, value] = /^\s*(\w+)[=:]\s*(.*)$/.exec(line)!;
      // A shell, compose's .env and YAML all drop the quotes the generator puts around the values.
      return [name!, value!.replace(/^(['"])(.*)\1$/, '$2')];
    }),
  );
}

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

const jwks = (...keys: object[]) => JSON.stringify({ keys });
const validJwks = () => jwks(newSigningKey());

describe('shared OAuth keys in the configuration', () => {
  it('reads what npm run oauth:keys prints, for an env file and for a Kubernetes Secret', () => {
    for (const args of [[], ['--k8s']]) {
      const generated = generate(args);
      expect(Object.keys(generated)).toEqual(['OAUTH_COOKIE_KEYS', 'OAUTH_JWKS']);
      const { oauthKeys } = loadConfig(generated);
      expect(oauthKeys!.cookieKeys).toEqual([generated.OAUTH_COOKIE_KEYS]);
      const [key] = JSON.parse(generated.OAUTH_JWKS!).keys;
      expect(oauthKeys!.signingKeys).toEqual([key]);
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', kid: expect.any(String), d: expect.any(String) });
    }
  });

  it('rotates: new keys first, the current ones kept after them, older ones dropped', () => {
    const current = generate();
    const rotated = generate(['--rotate'], current);
    const cookieKeys = rotated.OAUTH_COOKIE_KEYS!.split(',');
    expect(cookieKeys).toHaveLength(2);
    expect(cookieKeys[1]).toBe(current.OAUTH_COOKIE_KEYS);
    const kids = (value: string) => JSON.parse(value).keys.map((k: { kid: string }) => k.kid);
    expect(kids(rotated.OAUTH_JWKS!)[1]).toBe(kids(current.OAUTH_JWKS!)[0]);
    const again = generate(['--rotate'], rotated);
    expect(again.OAUTH_COOKIE_KEYS!.split(',')[1]).toBe(cookieKeys[0]);
    expect(kids(again.OAUTH_JWKS!)).toHaveLength(2);
    expect(() => generate(['--rotate'])).toThrow();
  });

  it('takes several comma-separated cookie keys, in order (the first signs)', () => {
    const [first, second] = [newCookieKey(), newCookieKey()];
    const config = loadConfig({ OAUTH_COOKIE_KEYS: ` ${first} , ${second},`, OAUTH_JWKS: validJwks() });
    expect(config.oauthKeys!.cookieKeys).toEqual([first, second]);
  });

  it('names the key a set without kids by its thumbprint, the same in every process', () => {
    const { kid, ...withoutKid } = newSigningKey();
    const config = loadConfig({ OAUTH_COOKIE_KEYS: newCookieKey(), OAUTH_JWKS: jwks(withoutKid) });
    expect(config.oauthKeys!.signingKeys[0]!.kid).toBe(kid);
  });

  it('wants both variables or neither', () => {
    expect(configError({ OAUTH_COOKIE_KEYS: newCookieKey() })).toBe(
      'Invalid configuration:\n  OAUTH_JWKS OAUTH_COOKIE_KEYS and OAUTH_JWKS go together: set both or neither',
    );
    expect(configError({ OAUTH_JWKS: validJwks() })).toContain(
      '  OAUTH_COOKIE_KEYS OAUTH_COOKIE_KEYS and OAUTH_JWKS go together',
    );
  });

  it('refuses short cookie keys, without printing them', () => {
    const message = configError({
      OAUTH_COOKIE_KEYS: `${newCookieKey()},short-secret`,
      OAUTH_JWKS: validJwks(),
    });
    expect(message).toBe(
      'Invalid configuration:\n  OAUTH_COOKIE_KEYS must be secrets of at least 32 characters separated by commas ' +
        '(npm run oauth:keys makes them) (value hidden)',
    );
  });

  it('refuses a key set that cannot sign ES256 ID tokens, saying why and never printing the key', () => {
    const key = newSigningKey();
    const other = newSigningKey();
    const { d: _d, ...publicOnly } = key;
    const cases: Array<[string, string]> = [
      ['{"keys":[', 'it is not JSON'],
      ['[]', 'it is not an object with "keys"'],
      ['{"key":[]}', 'keys must be an array'],
      [jwks(), 'keys must hold at least one key'],
      [jwks(publicOnly), 'keys[0].d is missing: a private key is needed'],
      [jwks({ ...key, crv: 'P-384' }), 'keys[0].crv must be "P-256" (ID tokens are signed with ES256)'],
      [jwks({ kty: 'RSA', n: 'abc', e: 'AQAB', d: 'abc' }), 'keys[0].kty must be "EC"'],
      [jwks({ ...key, d: other.d }), 'keys[0] x and y do not match its d'],
      [jwks({ ...key, x: 'AAAA' }), 'keys[0] is not a valid P-256 key'],
      [jwks(key, { ...other, kid: key.kid }), `keys[1] repeats the kid "${key.kid}"`],
    ];
    for (const [value, why] of cases) {
      const message = configError({ OAUTH_COOKIE_KEYS: newCookieKey(), OAUTH_JWKS: value });
      expect(message).toBe(
        'Invalid configuration:\n  OAUTH_JWKS must be a JSON Web Key Set of private P-256 keys, {"keys":[…]} ' +
          `(npm run oauth:keys makes them): ${why} (value hidden)`,
      );
      expect(message).not.toContain(key.d);
    }
  });

  it('keeps per-process keys when neither is set', () => {
    expect(loadConfig({}).oauthKeys).toBeNull();
    expect(loadConfig({ OAUTH_COOKIE_KEYS: '', OAUTH_JWKS: '' }).oauthKeys).toBeNull();
  });
});

describe('the warning about unshared OAuth keys', () => {
  const keys = { cookieKeys: [newCookieKey()], signingKeys: [newSigningKey()] };

  it('is given by a process serving sign-in on NATS, where other processes may serve it too', () => {
    const warning = unsharedKeysWarning({ servesSignIn: true, clustered: true, keys: null });
    expect(warning).toContain('OAUTH_COOKIE_KEYS and OAUTH_JWKS are not set');
    expect(warning).toContain('sticky');
  });

  it('is not given with shared keys, by a lone process, or by a role that signs no one in', () => {
    expect(unsharedKeysWarning({ servesSignIn: true, clustered: true, keys })).toBeNull();
    expect(unsharedKeysWarning({ servesSignIn: true, clustered: false, keys: null })).toBeNull();
    expect(unsharedKeysWarning({ servesSignIn: false, clustered: true, keys: null })).toBeNull();
  });
});

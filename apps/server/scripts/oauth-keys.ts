/**
 * `npm run oauth:keys`: makes the OAuth secrets every api process must share (OAUTH_COOKIE_KEYS,
 * OAUTH_JWKS), printed ready for an env file, or with `--k8s` for a Kubernetes Secret's stringData.
 * `--rotate` puts new keys first and keeps the current ones (read from those variables) after them, so
 * what they signed still verifies; keys older than the current ones are dropped.
 */
import { parseArgs } from 'node:util';
import { CookieKeysVariable, SigningKeysVariable } from '../src/modules/oauth/oauth-key-variables.ts';
import { newCookieKey, newSigningKey, type OAuthKeys } from '../src/modules/oauth/oauth-keys.ts';

const { values: options } = parseArgs({
  options: { k8s: { type: 'boolean', default: false }, rotate: { type: 'boolean', default: false } },
});

/** The keys signing today, from the environment; exits naming the variable when one is missing or bad. */
function currentKeys(): OAuthKeys {
  const cookieKeys = CookieKeysVariable.safeParse(process.env.OAUTH_COOKIE_KEYS ?? '');
  const signingKeys = SigningKeysVariable.safeParse(process.env.OAUTH_JWKS ?? '');
  if (!cookieKeys.success || !signingKeys.success) {
    const name = cookieKeys.success ? 'OAUTH_JWKS' : 'OAUTH_COOKIE_KEYS';
    console.error(`--rotate reads the current keys: set ${name} to its current value`);
    process.exit(1);
  }
  return { cookieKeys: cookieKeys.data, signingKeys: signingKeys.data };
}

const fresh = { cookieKeys: [newCookieKey()], signingKeys: [newSigningKey()] };
const current = options.rotate ? currentKeys() : null;
const keys: OAuthKeys = {
  cookieKeys: [...fresh.cookieKeys, ...(current?.cookieKeys.slice(0, 1) ?? [])],
  signingKeys: [...fresh.signingKeys, ...(current?.signingKeys.slice(0, 1) ?? [])],
};

const cookieKeys = keys.cookieKeys.join(',');
// JSON holds no single quote, so single quotes keep it literal in a shell, a compose .env file and YAML.
const jwks = `'${JSON.stringify({ keys: keys.signingKeys })}'`;
console.error('# Secrets: give every api process the same values, and keep them out of version control.');
if (options.k8s) {
  console.log(`  OAUTH_COOKIE_KEYS: "${cookieKeys}"`);
  console.log(`  OAUTH_JWKS: ${jwks}`);
} else {
  console.log(`OAUTH_COOKIE_KEYS=${cookieKeys}`);
  console.log(`OAUTH_JWKS=${jwks}`);
}

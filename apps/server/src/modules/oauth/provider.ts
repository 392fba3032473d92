import Provider, { type Configuration, errors } from 'oidc-provider';
import type { Db } from '../../db/client.ts';
import { oauthAdapter } from './oauth-adapter.ts';
import { type OAuthKeys, randomOAuthKeys } from './oauth-keys.ts';
import { devicePages } from './oauth-pages.ts';

/** The public client of the /ride app (authorization code + PKCE, no secret). */
export const RIDE_CLIENT = 'echelon-ride';
/** Trackers without a browser: the device authorization grant (RFC 8628). */
export const DEVICE_CLIENT = 'echelon-device';
export const TRACK_SCOPE = 'track';
export const OAUTH_PATH = '/oauth';

/** The resource server access tokens are for: the tracking API. */
export const trackResource = (publicUrl: string) => `${publicUrl}/api/v1/track`;
export const rideRedirect = (publicUrl: string) => `${publicUrl}/ride/callback`;

const DAY = 24 * 3600;

/**
 * The authorisation server: oidc-provider configured for trackers. Tokens are opaque, stored through
 * the database adapter, and carry the `track` scope for the tracking API; which registration they send
 * for is bound to their grant at consent (see OAuthService).
 */
export function createProvider(db: Db, publicUrl: string, sharedKeys: OAuthKeys | null = null): Provider {
  const resource = trackResource(publicUrl);
  // The keys only sign interaction cookies and ID tokens, both short-lived; access and refresh tokens
  // are opaque rows. Without shared keys (OAUTH_COOKIE_KEYS, OAUTH_JWKS) they are this process's own:
  // a restart asks a rider mid-sign-in to start again, and a sign-in cannot move to another process.
  const keys = sharedKeys ?? randomOAuthKeys();
  const configuration: Configuration = {
    adapter: oauthAdapter(db),
    clients: [
      {
        client_id: RIDE_CLIENT,
        client_name: 'Echelon Ride',
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        redirect_uris: [rideRedirect(publicUrl)],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      },
      {
        client_id: DEVICE_CLIENT,
        client_name: 'Echelon tracker',
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        redirect_uris: [],
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
        response_types: [],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    // In both lists the first key signs and all verify (oidc-provider keeps the given order).
    jwks: { keys: keys.signingKeys.map((key) => ({ ...key, use: 'sig', alg: 'ES256' })) },
    cookies: { keys: keys.cookieKeys },
    interactions: { url: (_ctx, interaction) => `${OAUTH_PATH}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true, ...devicePages },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // A request for the `track` scope is for the tracking API even without a `resource` parameter.
        defaultResource: (ctx) => (scopesOf(ctx.oidc.params?.scope).has(TRACK_SCOPE) ? resource : undefined),
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource)
            throw new errors.InvalidTarget('Only the tracking API takes these tokens');
          return { scope: TRACK_SCOPE, accessTokenFormat: 'opaque', accessTokenTTL: 3600 };
        },
      },
    },
    // Trackers outlive a browser sign-in, and always get a refresh token to keep sending for days.
    expiresWithSession: () => false,
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      DeviceCode: 600,
      Grant: 30 * DAY,
      // How long a retired signing key must stay in OAUTH_JWKS for the ID tokens it signed to verify.
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 30 * DAY,
      Session: 14 * DAY,
    },
    // Every sign-in picks its registration afresh, so a grant is only reused within its own interaction.
    loadExistingGrant: (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    renderError: devicePages.renderError,
  };
  const provider = new Provider(`${publicUrl}${OAUTH_PATH}`, configuration);
  provider.proxy = true;
  return provider;
}

function scopesOf(value: unknown): Set<string> {
  return new Set(typeof value === 'string' ? value.split(' ') : []);
}

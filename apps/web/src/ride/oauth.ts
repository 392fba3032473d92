/**
 * Sign-in for the /ride app: OAuth 2 authorization code with PKCE against the server's /oauth, as a
 * public client (no secret in the page). Tokens live in localStorage so tracking survives a reload.
 */
export const CLIENT_ID = 'echelon-ride';
const TOKENS = 'echelon-ride-tokens';
const PENDING = 'echelon-ride-pkce';

export interface Tokens {
  access: string;
  refresh: string | null;
  expiresAt: number;
}

const redirectUri = () => `${location.origin}/ride/callback`;

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const text = String.fromCharCode(...new Uint8Array(bytes));
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Leaves for the server's sign-in and consent pages; they come back to /ride/callback. */
export async function signIn(): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const params = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope: 'track',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`/oauth/auth?${params}`);
}

async function tokenRequest(form: Record<string, string>): Promise<Tokens> {
  const response = await fetch('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...form }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(String(body.error_description ?? body.error ?? response.status));
  const tokens = {
    access: String(body.access_token),
    refresh: typeof body.refresh_token === 'string' ? body.refresh_token : null,
    expiresAt: Date.now() + Number(body.expires_in ?? 3600) * 1000,
  };
  localStorage.setItem(TOKENS, JSON.stringify(tokens));
  return tokens;
}

/** Finishes the sign-in from the callback's query string. */
export async function completeSignIn(search: string): Promise<Tokens> {
  const query = new URLSearchParams(search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  if (query.get('error')) throw new Error(query.get('error_description') ?? query.get('error')!);
  if (!pending || query.get('state') !== pending.state) throw new Error('state');
  return tokenRequest({
    grant_type: 'authorization_code',
    code: query.get('code') ?? '',
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
  });
}

export function storedTokens(): Tokens | null {
  return JSON.parse(localStorage.getItem(TOKENS) ?? 'null') as Tokens | null;
}

export function signOut(): void {
  localStorage.removeItem(TOKENS);
}

/** A usable access token: the stored one, renewed with the refresh token a minute before it ends. */
export async function accessToken(): Promise<string | null> {
  const tokens = storedTokens();
  if (!tokens) return null;
  if (tokens.expiresAt - Date.now() > 60_000 || !tokens.refresh) return tokens.access;
  try {
    return (await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh })).access;
  } catch {
    return tokens.access; // offline: the queue waits, and the next send tries again
  }
}

import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

const ORIGIN = 'http://localhost:3000';

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Where the /ride app receives its authorization code. */
export const RIDE_REDIRECT = `${ORIGIN}/ride/callback`;

/** The /ride app's authorization request (code + PKCE): the query for /oauth/auth, and the verifier. */
export function rideAuthorization(scope = 'track') {
  const { verifier, challenge } = pkce();
  const query = new URLSearchParams({
    client_id: 'echelon-ride',
    response_type: 'code',
    redirect_uri: RIDE_REDIRECT,
    scope,
    state: 'st4te',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return { query, verifier };
}

/** The /ride app's token request for a code: the arguments of a test client's `post`. */
export function codeExchange(code: string, verifier: string): [string, string, Record<string, string>] {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: RIDE_REDIRECT,
    client_id: 'echelon-ride',
    code_verifier: verifier,
  });
  return ['/oauth/token', form.toString(), { 'content-type': 'application/x-www-form-urlencoded' }];
}

/**
 * A browser for OAuth flows over `inject`: keeps cookies (the rider's Echelon session and
 * oidc-provider's interaction cookies) and follows redirects until they leave the server.
 */
export class OAuthBrowser {
  readonly http: FastifyInstance;
  readonly cookies = new Map<string, string>();
  last: LightMyRequestResponse | null = null;

  constructor(http: FastifyInstance, sessionCookie?: string) {
    this.http = http;
    if (sessionCookie) {
      const [name, value] = sessionCookie.split('=');
      this.cookies.set(name!, value!);
    }
  }

  private keep(response: LightMyRequestResponse) {
    for (const c of response.cookies as Array<{
      name: string;
      value: string;
      expires?: Date;
      maxAge?: number;
    }>) {
      const gone = c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0;
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    const path = url.startsWith('/') ? url : new URL(url).pathname + new URL(url).search;
    const response = await this.http.inject({
      method,
      url: path,
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form && { payload: new URLSearchParams(form).toString() }),
    });
    this.keep(response);
    this.last = response;
    return response;
  }

  /** Requests, then follows redirects within the server; returns the last answer (or the way out). */
  async go(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    let response = await this.request(method, url, form);
    for (let hops = 0; hops < 10 && response.statusCode >= 300 && response.statusCode < 400; hops++) {
      const location = String(response.headers.location);
      // Only the server's own pages are followed; the way back to the app (/ride/callback) is the result.
      if (!new URL(location, ORIGIN).pathname.startsWith('/oauth/')) break;
      response = await this.request('GET', location);
    }
    return response;
  }

  /** Submits the consent form on the current page for one registration (or denies). */
  async consent(registrationId: string | null) {
    const html = this.last!.body;
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !csrf) throw new Error(`no consent form on the page: ${html.slice(0, 500)}`);
    const form: Record<string, string> = { csrf };
    if (registrationId) Object.assign(form, { registrationId, approve: '1' });
    else form.deny = '1';
    return this.go('POST', action.replaceAll('&#38;', '&'), form);
  }
}

/** A form of a page (by id, else the first), with its hidden fields: what a browser would post. */
export function formOf(html: string, id?: string): { action: string; fields: Record<string, string> } {
  const selector = id ? `<form[^>]*id="${id.replace('.', '\\.')}"[^>]*>` : '<form[^>]*>';
  const form = new RegExp(`${selector}([\\s\\S]*?)</form>`).exec(html);
  if (!form) throw new Error(`no form ${id} in: ${html.slice(0, 3000)}`);
  const action = /action="([^"]+)"/.exec(form[0])![1]!;
  const fields: Record<string, string> = {};
  for (const input of form[1]!.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) fields[name] = value;
  }
  return { action, fields };
}

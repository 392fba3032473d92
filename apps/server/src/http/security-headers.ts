import type { FastifyInstance } from 'fastify';

/** Embeds (`/embed/stages/…`) are meant to be shown inside other sites' pages; nothing else is. */
const isEmbed = (pathname: string) => pathname.startsWith('/embed/');

/** Paths the server answers itself (API, OAuth and setup pages, trackers); the rest is the web app. */
const SERVER_PATHS = [
  '/api',
  '/oauth',
  '/healthz',
  '/readyz',
  '/metrics',
  '/setup',
  '/osmand',
  '/owntracks',
  '/invite',
];
/** `pathname` is `p` or under it (`p/…`); no strings built, as it runs on every request. */
const under = (pathname: string, p: string) =>
  pathname.startsWith(p) && (pathname.length === p.length || pathname.charCodeAt(p.length) === 47);
const isWebApp = (pathname: string) => !SERVER_PATHS.some((p) => under(pathname, p));

/**
 * Where the map's background tiles come from, as a CSP source: the template's origin, its `{s}`
 * subdomain placeholder as a wildcard (`https://{s}.tile.example` → `https://*.tile.example`).
 */
export function tileSource(template: string | null): string | null {
  if (template === null) return null;
  const match = /^(https?:\/\/[^/]+)/.exec(template.replace(/\{s\}/g, 'x-subdomain'));
  return match ? match[1]!.replace('x-subdomain', '*') : null;
}

/**
 * The web app's Content-Security-Policy: scripts, styles, fonts and connections only from this
 * server (the build has no inline script, and React and Leaflet style through the DOM, which a CSP
 * does not govern), images also from the tile server; embeds may be framed anywhere, the rest nowhere.
 */
export function webAppPolicy(tiles: string | null, embed: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${tiles ? ` ${tiles}` : ''}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    embed ? 'frame-ancestors *' : "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Headers on every response, set on the raw response so that the OAuth provider's pages (which
 * bypass Fastify's reply) get them too: no MIME sniffing, referrers only as an origin to other sites
 * (tile servers ask for one), no framing except embeds, and the web app's CSP on its pages.
 */
export function installSecurityHeaders(app: FastifyInstance, options: { tileUrl: string | null }): void {
  const tiles = tileSource(options.tileUrl);
  const appPolicy = webAppPolicy(tiles, false);
  const embedPolicy = webAppPolicy(tiles, true);
  // Callback-style and without splitting the URL: it runs on every request, trackers' included.
  app.addHook('onRequest', (request, reply, done) => {
    const url = request.url;
    const query = url.indexOf('?');
    const pathname = query < 0 ? url : url.slice(0, query);
    const raw = reply.raw;
    raw.setHeader('x-content-type-options', 'nosniff');
    raw.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
    if (isEmbed(pathname)) raw.setHeader('content-security-policy', embedPolicy);
    else {
      raw.setHeader('x-frame-options', 'DENY');
      if (isWebApp(pathname)) raw.setHeader('content-security-policy', appPolicy);
    }
    done();
  });
}

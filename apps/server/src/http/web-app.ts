import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ENCODE_THRESHOLD } from './kept-encodings.ts';

/** Paths the server answers itself: a mistyped URL under them stays a problem+json 404, never the app. */
const SERVER_PATHS = ['/api', '/healthz', '/readyz', '/metrics', '/setup', '/osmand', '/owntracks'];

/** Vite names every file under /assets/ by its content hash: a changed file is a new URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html (and unhashed files) must be checked on every visit, or a deploy is not seen. */
const REVALIDATE = 'no-cache';

const isServerPath = (pathname: string) =>
  SERVER_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));

/**
 * Compression for every response, web assets and API alike (the replay tracks are megabytes of digits
 * that shrink about fivefold). On the fly with @fastify/compress rather than only precompressed files:
 * the web build is someone else's and need not ship .br/.gz files, and at the plugin's default brotli
 * quality 4 a whole JS bundle compresses in milliseconds. If the build does ship them, the static
 * handler below serves those as they are (`preCompressed`) and this hook leaves them alone. Request
 * bodies are not decompressed: trackers and imports keep exactly the input handling they had.
 * The public answers kept by the process (public-cache.ts) come compressed already, once, when kept
 * (kept-encodings.ts): they carry Content-Encoding, which this hook leaves alone, so a crowd reading
 * the results costs no compression per request.
 * Registered before any route, since the hook attaches to routes as they are added.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: ENCODE_THRESHOLD,
  });
}

/**
 * The spectator web app from its build folder at `/`, with the single-page app's fallback: a page
 * request (Accept: text/html) for any path the server does not own answers index.html, and the app's
 * router takes it from there. Without a build, `/` keeps pointing at the API reference.
 */
export async function installWebApp(app: FastifyInstance, distDir: string | null): Promise<void> {
  const root = distDir === null ? null : path.resolve(distDir);
  if (root === null || !existsSync(path.join(root, 'index.html'))) {
    app.log.warn(
      `No web app build at ${root ?? '(not configured)'}: / redirects to the API reference. ` +
        'Build it with `npm run build -w apps/web`, or set WEB_DIST_DIR.',
    );
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/api/docs'));
    return;
  }

  // Its own scope: swagger-ui registers @fastify/static too, and reply.sendFile stays local to each.
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, { root, serve: false, preCompressed: true });
    const send = (reply: FastifyReply, file: string, cache: string) =>
      reply.header('cache-control', cache).sendFile(file, { cacheControl: false });

    scope.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const pathname = pathOf(request);
      if (pathname === null || isServerPath(pathname)) return reply.callNotFound();
      if (pathname === '/') return send(reply, '/index.html', REVALIDATE);
      const file = await fileIn(root, pathname);
      if (file !== null) return send(reply, file, pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
      if (!acceptsHtml(request)) return reply.callNotFound();
      return send(reply, '/index.html', REVALIDATE);
    });
  });
}

/** The decoded path, or null when it does not decode (a 404 like any unknown path). */
function pathOf(request: FastifyRequest): string | null {
  try {
    return decodeURIComponent(request.url.split('?')[0]!);
  } catch {
    return null;
  }
}

const acceptsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

/** The build's file at this path, as a path from the build folder; null for anything else or outside it. */
async function fileIn(root: string, pathname: string): Promise<string | null> {
  const full = path.resolve(root, `.${pathname}`);
  if (!full.startsWith(`${root}${path.sep}`)) return null;
  try {
    if (!(await stat(full)).isFile()) return null;
    return `/${path.relative(root, full).split(path.sep).join('/')}`;
  } catch {
    return null;
  }
}

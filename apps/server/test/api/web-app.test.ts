import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, databaseUnavailable } from '../support/databases.ts';
import { expectProblem } from '../support/test-app.ts';

const INDEX =
  '<!doctype html><html><head><title>Echelon</title></head><body><div id="root"></div></body></html>';
// Big and repetitive enough to be worth compressing (the threshold is 1 KiB).
const SCRIPT = `console.log(${JSON.stringify('echelon '.repeat(2000))});\n`;

async function appWith(webDistDir: string | null) {
  const database = await createTestDatabase();
  const app = await buildApp({
    database,
    publicUrl: 'http://localhost:3000',
    logLevel: 'silent',
    loginRateLimitPerMinute: 100,
    sessionTtlDays: 14,
    webDistDir,
  });
  const close = async () => {
    await app.http.close();
    await database.drop();
  };
  return { app, close };
}

const page = (http: FastifyInstance, url: string, accept = 'text/html,application/xhtml+xml,*/*;q=0.8') =>
  http.inject({ method: 'GET', url, headers: { accept } });

describe.skipIf(databaseUnavailable !== null)('the web app at /', () => {
  let dist: string;
  let built: { app: App; close(): Promise<void> };

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'echelon-web-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), INDEX);
    writeFileSync(path.join(dist, 'assets', 'index-3f2a1b.js'), SCRIPT);
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    // The build folder is found through the environment variable, as an operator would set it.
    built = await appWith(loadConfig({ WEB_DIST_DIR: dist }).webDistDir);
  });
  afterAll(async () => {
    await built?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at /, never cached without revalidation', async () => {
    const response = await page(built.app.http, '/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe(INDEX);
  });

  it('sends a strict CSP with the app, lets only embeds be framed, and never sniffs types', async () => {
    const home = await page(built.app.http, '/races/abc');
    const csp = String(home.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    // The default tiles (OpenStreetMap) are the only other place images come from.
    expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/tile\.openstreetmap\.org;/);
    expect(home.headers['x-frame-options']).toBe('DENY');
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect(home.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');

    const embed = await page(built.app.http, '/embed/stages/abc/map');
    expect(embed.body).toBe(INDEX);
    expect(embed.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(embed.headers['x-frame-options']).toBeUndefined();

    // API answers are never framed or sniffed either, problems included.
    const api = await built.app.http.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['x-frame-options']).toBe('DENY');
  });

  it('serves hashed assets as immutable for a year, and other files revalidated', async () => {
    const asset = await page(built.app.http, '/assets/index-3f2a1b.js', '*/*');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe(SCRIPT);
    const icon = await page(built.app.http, '/favicon.svg', '*/*');
    expect(icon.headers['content-type']).toContain('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers index.html to page requests for the app’s own routes (SPA fallback)', async () => {
    for (const url of ['/races/123', '/riders/abc?tab=results', '/statistics']) {
      const response = await page(built.app.http, url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toBe(INDEX);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('keeps problem+json 404s for the server’s own paths, missing assets and non-page requests', async () => {
    for (const url of [
      '/api/v1/nothing-here',
      '/api',
      '/healthz/extra',
      '/metrics/x',
      '/setup/x',
      '/osmand/x',
      '/owntracks/x',
    ]) {
      const problem = expectProblem(await page(built.app.http, url), 404);
      expect(problem.detail).toContain(url);
    }
    expectProblem(await page(built.app.http, '/assets/missing-000.js', '*/*'), 404);
    expectProblem(await page(built.app.http, '/races/123', 'application/json'), 404);
    expectProblem(await built.app.http.inject({ method: 'POST', url: '/races/123' }), 404);
  });

  it('leaves the API, operations and reference where they were', async () => {
    expect((await page(built.app.http, '/healthz')).json()).toEqual({ status: 'ok' });
    expect((await page(built.app.http, '/api/v1/races', 'application/json')).json()).toMatchObject({
      items: [],
    });
    expect((await page(built.app.http, '/api/docs/')).body).toContain('swagger');
    expect((await page(built.app.http, '/setup')).body).toContain('first-time setup');
  });

  it('tells the app which map tiles to draw: the configured server, or none', async () => {
    expect((await page(built.app.http, '/api/v1/config', 'application/json')).json()).toEqual({
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      tileAttribution: '&copy; OpenStreetMap contributors',
    });
    const database = await createTestDatabase();
    const noTiles = await buildApp({
      database,
      publicUrl: 'http://localhost:3000',
      logLevel: 'silent',
      loginRateLimitPerMinute: 100,
      sessionTtlDays: 14,
      tiles: { url: null, attribution: '' },
    });
    try {
      expect((await page(noTiles.http, '/api/v1/config', 'application/json')).json().tileUrl).toBeNull();
    } finally {
      await noTiles.http.close();
      await database.drop();
    }
  });

  it('never serves a file outside the build folder', async () => {
    for (const url of ['/../package.json', '/assets/../../package.json', '/%2e%2e/package.json']) {
      const response = await page(built.app.http, url, '*/*');
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.body).not.toContain('"workspaces"');
    }
  });

  it('compresses with brotli or gzip as the browser accepts, and not small or unasked bodies', async () => {
    const url = '/assets/index-3f2a1b.js';
    const br = await built.app.http.inject({
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(SCRIPT.length / 10);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await built.app.http.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
    const plain = await built.app.http.inject({ method: 'GET', url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    // Below 1 KiB compression costs more than it saves (files stream, so only known sizes are spared).
    const small = await built.app.http.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'accept-encoding': 'br' },
    });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ status: 'ok' });
  });

  it('serves a build’s precompressed file as it is', async () => {
    const marker = Buffer.from('not really brotli, but the file the build shipped');
    writeFileSync(path.join(dist, 'assets', 'index-3f2a1b.js.br'), marker);
    try {
      const response = await built.app.http.inject({
        method: 'GET',
        url: '/assets/index-3f2a1b.js',
        headers: { 'accept-encoding': 'br' },
      });
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.rawPayload.equals(marker)).toBe(true);
    } finally {
      rmSync(path.join(dist, 'assets', 'index-3f2a1b.js.br'));
    }
  });
});

describe.skipIf(databaseUnavailable !== null)('without a web app build', () => {
  let bare: { app: App; close(): Promise<void> };
  beforeAll(async () => {
    bare = await appWith(path.join(tmpdir(), 'echelon-no-such-build'));
  });
  afterAll(async () => {
    await bare?.close();
  });

  it('sends / to the API reference and keeps 404s for everything else', async () => {
    const root = await page(bare.app.http, '/');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/api/docs');
    expectProblem(await page(bare.app.http, '/races/123'), 404);
  });
});

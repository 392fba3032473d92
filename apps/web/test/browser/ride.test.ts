import { createServer } from 'node:net';
import { asc, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixes } from '../../../server/src/db/schema.ts';
import { along, setUpLiveRace } from '../../../server/test/support/live-race.ts';
import { startTestApp, type TestApp } from '../../../server/test/support/test-app.ts';
import { chromiumUnavailable, collectPageErrors, launchChromium, screenshot } from './support/chromium.ts';
import { ensureWebBuild, WEB_DIST } from './support/web-build.ts';

/** A free port, known before the server starts: OAuth redirect URIs are built from PUBLIC_URL. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The /ride tracker app in Debian's Chromium with emulated geolocation: a rider signs in through
 * OAuth 2 (code + PKCE), starts tracking, goes offline and keeps moving, reloads the page, comes back
 * online — every position reaches the server once and in order, and the live feed shows the rider.
 */
describe.skipIf(chromiumUnavailable !== null)('the /ride tracker app, in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let base: string;
  let stageId: string;
  let registrationId: string;
  const sent: Array<{ lat: number; lon: number }> = [];
  let metres = 0;

  async function move(): Promise<void> {
    metres += 25; // ≈ 75 km/h at these intervals: fast, but not an impossible jump
    const position = along(metres);
    sent.push(position);
    await context.setGeolocation({ latitude: position.lat, longitude: position.lon, accuracy: 5 });
    // Positions a little over a second apart, as a phone reports them.
    await page.waitForTimeout(1200);
  }

  beforeAll(async () => {
    ensureWebBuild();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp({ webDistDir: WEB_DIST, publicUrl: base });
    await t.http.listen({ port, host: '127.0.0.1' });
    const race = await setUpLiveRace(t, 3);
    stageId = race.stageId;
    const rider = race.riders.find((r) => r.bib === 1)!;
    registrationId = rider.id;
    const { user } = await t.signIn('rider', { email: 'rider-one@example.org' });
    const linked = await race.organiser.put(`/api/v1/registrations/${registrationId}/rider`, {
      userId: user.id,
    });
    if (linked.statusCode >= 300) throw new Error(linked.body);
    const live = await race.organiser.post(`/api/v1/races/${race.raceId}/status`, {
      status: 'live',
      stageId,
    });
    if (live.statusCode >= 300) throw new Error(live.body);

    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 400, height: 800 },
      permissions: ['geolocation'],
      geolocation: { latitude: along(0).lat, longitude: along(0).lon, accuracy: 5 },
    });
    page = await context.newPage();
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs the rider in through OAuth 2 and picks their registration', async () => {
    await page.goto(`${base}/ride`);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.locator('input[name="email"]').fill('rider-one@example.org');
    await page.locator('input[name="password"]').fill('correct horse battery');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('button', { name: /allow/i }).click();
    await page.waitForURL(`${base}/ride`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('#1');
    await screenshot(page, 'ride-signed-in');
  });

  it('keeps every position through going offline and a reload, and sends each once, in order', async () => {
    await page.getByTestId('ride-toggle').click();
    for (let k = 0; k < 3; k++) await move();
    await expect
      .poll(() => stored().then((rows) => rows.length), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(3);

    // The service worker keeps the app shell: wait until it controls the page and has cached it.
    await expect
      .poll(() =>
        page.evaluate(async () => (await caches.keys()).length > 0 && !!navigator.serviceWorker.controller),
      )
      .toBe(true);
    await page.waitForTimeout(500);
    await context.setOffline(true);
    for (let k = 0; k < 3; k++) await move();
    await expect.poll(() => page.getByTestId('ride-queued').isVisible()).toBe(true);
    await screenshot(page, 'ride-offline');
    await page.reload();
    await page.getByTestId('ride-toggle').waitFor();
    for (let k = 0; k < 2; k++) await move();
    const whileOffline = (await stored()).length;

    await context.setOffline(false);
    await expect
      .poll(() => stored().then((rows) => rows.length), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(sent.length);
    const rows = await stored();
    const key = (p: { lat: number; lon: number }) => `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`;
    // Each emulated position exactly once (a resend with a new time would show twice), in time order.
    const storedKeys = rows.map(key);
    expect(new Set(storedKeys).size).toBe(storedKeys.length);
    expect(storedKeys.filter((k) => sent.map(key).includes(k))).toEqual(
      sent.map(key).filter((k) => storedKeys.includes(k)),
    );
    for (const position of sent) expect(storedKeys).toContain(key(position));
    expect(whileOffline).toBeLessThan(sent.length);
    await screenshot(page, 'ride-back-online');
  });

  it('shows the rider in the live feed', async () => {
    await expect
      .poll(
        async () => {
          const snapshot = (await t.anonymous.get(`/api/v1/stages/${stageId}/live`)).json();
          return snapshot.riders.find((r: { id: string }) => r.id === registrationId)?.fix ?? null;
        },
        { timeout: 15_000 },
      )
      .not.toBeNull();
    expect(errors).toEqual([]);
  });

  function stored() {
    return t.database.db
      .select({ lat: fixes.lat, lon: fixes.lon, time: fixes.time })
      .from(fixes)
      .where(eq(fixes.registrationId, registrationId))
      .orderBy(asc(fixes.time));
  }
});

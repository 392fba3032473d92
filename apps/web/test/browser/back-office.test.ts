import type { AddressInfo } from 'node:net';
import { runSimulation } from '@echelon/simulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  SHARED_DATA,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../../../server/test/support/test-app.ts';
import { chromiumUnavailable, collectPageErrors, launchChromium, screenshot } from './support/chromium.ts';
import { ensureWebBuild, WEB_DIST } from './support/web-build.ts';

const COURSE = `${SHARED_DATA}courses/tdf2024-stage07-itt-nuits-st-georges-gevrey-chambertin.gpx`;
const RIDERS = 50;

/** 50 riders with device ids, so the simulator's OsmAnd trackers are matched by the imported start list. */
function startListCsv(): string {
  const lines = ['bib,first_name,last_name,team,device_id'];
  for (let bib = 1; bib <= RIDERS; bib++)
    lines.push(`${bib},Rider${bib},Tester${bib},Team ${1 + (bib % 5)},bo-device-${bib}`);
  return `${lines.join('\n')}\n`;
}

async function signIn(page: Page, base: string, user: TestUser) {
  await page.goto(`${base}/signin?next=/admin`);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Back office' }).waitFor();
}

/**
 * The back office end to end in Debian's Chromium: an organiser builds a race from the Tour de France
 * 2024 stage 7 GPX, imports 50 riders, starts it; the simulator rides it; the tracker monitor shows every
 * rider; a commissaire on the race's staff records a penalty; the results are approved and public.
 */
describe.skipIf(chromiumUnavailable !== null)(
  'the back office, in a browser, from an empty race to official results',
  () => {
    let t: TestApp;
    let browser: Browser;
    let page: Page;
    let errors: string[];
    let base: string;
    let organiser: TestUser;
    let organiserClient: Client;
    let commissaire: TestUser;
    let raceId: string;
    let simulation: Promise<unknown> | undefined;

    beforeAll(async () => {
      ensureWebBuild();
      t = await startTestApp({ tickMs: 500, webDistDir: WEB_DIST });
      await t.http.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
      const signedIn = await t.signIn('organiser');
      organiser = signedIn.user;
      organiserClient = signedIn.client;
      commissaire = (await t.signIn('commissaire')).user;
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('dialog', (dialog) => void dialog.accept());
      errors = collectPageErrors(page);
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await simulation?.catch(() => {});
      await t?.close();
    }, 120_000);

    it('signs the organiser in and creates a race with a stage', async () => {
      await signIn(page, base, organiser);
      await page.getByLabel('Race name').fill('Back-office Grand Prix');
      await page.getByRole('button', { name: 'Create a race' }).click();
      await page.waitForURL(/\/admin\/races\/[^/]+\/build\/stages$/);
      raceId = page.url().split('/races/')[1]!.split('/')[0]!;
      await page.getByLabel('Stage name').fill('Nuits – Gevrey');
      await page.getByRole('button', { name: 'Add stage' }).click();
      await page.getByText('Stage 1: Nuits – Gevrey').waitFor();
    });

    it('uploads the course with progress, and shows its map and elevation profile', async () => {
      await page.getByRole('link', { name: 'Course', exact: true }).click();
      await page.getByLabel('Course file (GPX, TCX or FIT)').setInputFiles(COURSE);
      await page.getByRole('button', { name: 'Upload course' }).click();
      await page.getByText(/km, \d+ m of climbing/).waitFor({ timeout: 30_000 });
      expect(await page.getByRole('progressbar').getAttribute('value')).toBe('100');
      await page.getByRole('region', { name: 'Course map' }).waitFor();
      await screenshot(page, 'back-office-course');
    });

    it('places a checkpoint by clicking the profile and naming it', async () => {
      await page.getByRole('link', { name: 'Checkpoints', exact: true }).click();
      // The course step's own profile may still be on the page for a moment: wait for this step's.
      await page.getByRole('heading', { name: 'Checkpoints', level: 2 }).waitFor();
      await page.getByText('Click the map or the elevation profile').waitFor();
      const plot = page.locator('.u-over').first();
      await plot.waitFor();
      const box = (await plot.boundingBox())!;
      await plot.click({ position: { x: box.width * 0.4, y: box.height / 2 } });
      await expect.poll(() => page.getByLabel('Distance from the start (km)').inputValue()).not.toBe('');
      await page.getByLabel('Kind').selectOption('timing');
      await page.getByLabel('Name', { exact: true }).fill('Split');
      await page.getByRole('button', { name: 'Add checkpoint' }).click();
      await page
        .getByRole('listitem')
        .filter({ hasText: /^Split \(Timing point\)/ })
        .waitFor();
      await screenshot(page, 'back-office-checkpoints');
    });

    it('imports 50 riders by CSV after a preview', async () => {
      await page.getByRole('link', { name: 'Start list', exact: true }).click();
      await page.getByLabel('CSV file').setInputFiles({
        name: 'riders.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(startListCsv()),
      });
      await page.getByText(`Preview (${RIDERS} rows)`).waitFor();
      await page.getByRole('button', { name: `Import ${RIDERS} riders` }).click();
      await page.getByRole('heading', { name: `${RIDERS} riders` }).waitFor();
      await screenshot(page, 'back-office-start-list');
    });

    it('adds the commissaire to the race staff and publishes', async () => {
      await page.getByRole('link', { name: 'Staff', exact: true }).click();
      await page.getByLabel('E-mail address of the user').fill(commissaire.email);
      await page.getByRole('button', { name: 'Add to staff' }).click();
      await page.getByText(commissaire.email, { exact: false }).waitFor();
      await page.getByRole('link', { name: 'Publish', exact: true }).click();
      await page.getByRole('button', { name: 'Publish the race' }).click();
      await page.getByText('The race is published.').waitFor();
    });

    it('starts the race, and the tracker monitor shows every rider while the simulator rides', {
      timeout: 180_000,
    }, async () => {
      await page.goto(`${base}/admin/races/${raceId}/control`);
      await page.getByRole('button', { name: 'Start stage 1 (mass start)' }).click();
      await page.getByText('Race status: live').first().waitFor({ timeout: 10_000 });
      // The simulator reads the race through a token of its owner, as a script would.
      const created = await organiserClient.post('/api/v1/tokens', { name: 'simulator' });
      expect(created.statusCode).toBe(201);
      simulation = runSimulation({
        server: base,
        raceId,
        token: created.json().token,
        riders: RIDERS,
        speedup: 60,
        protocol: 'osmand',
        seed: 11,
      });
      const monitor = page.getByTestId('tracker-monitor');
      await page.getByText(`${RIDERS} of ${RIDERS} riders seen`).waitFor({ timeout: 90_000 });
      expect(await monitor.locator('tbody tr').count()).toBe(RIDERS);
      await screenshot(page, 'back-office-tracker-monitor');
      await simulation;
      await page.getByRole('button', { name: 'Finish the stage' }).click();
      await page.getByText('Race status: finished').waitFor();
    });

    it('lets the staff commissaire record a penalty with a reason', { timeout: 90_000 }, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const phone = await context.newPage();
      await signIn(phone, base, commissaire);
      await phone.goto(`${base}/admin/races/${raceId}/desk`);
      await phone.getByTestId('desk-results').waitFor({ timeout: 60_000 });
      await phone.getByLabel('Rider', { exact: true }).selectOption({ label: '#7 Rider7 Tester7' });
      await phone.getByLabel('Seconds').fill('20');
      await phone.getByLabel('Reason').fill('feeding in the last 20 km');
      await phone.getByRole('button', { name: 'Record decision' }).click();
      await phone
        .getByTestId('decisions')
        .getByText(/Time penalty #7 20 s — feeding in the last 20 km/)
        .waitFor();
      await screenshot(phone, 'back-office-commissaire-penalty');
      await context.close();
    });

    it('approves the results, which the public results page then shows', { timeout: 90_000 }, async () => {
      await page.goto(`${base}/admin/races/${raceId}/desk`);
      await page.getByRole('button', { name: 'Approve: make the results official' }).click();
      await page.getByText('These results are official.').waitFor();
      await screenshot(page, 'back-office-results-desk');
      await page.goto(`${base}/races/${raceId}/results`);
      await page.getByText('Tester7').first().waitFor({ timeout: 20_000 });
      await screenshot(page, 'back-office-public-results');
      const official = await t.anonymous.get(`/api/v1/races/${raceId}/stages`);
      const stageId = official.json().items[0].id;
      const results = (await t.anonymous.get(`/api/v1/stages/${stageId}/results`)).json();
      expect(results.state).toBe('official');
      expect(results.items.find((r: { bib: number }) => r.bib === 7).penalty).toBe(20);
      expect(errors).toEqual([]);
    });

    it('shows a spectator the not-allowed state', async () => {
      const context = await browser.newContext();
      const other = await context.newPage();
      const spectator = (await t.signIn('spectator')).user;
      await other.goto(`${base}/signin`);
      await other.getByLabel('E-mail').fill(spectator.email);
      await other.getByLabel('Password').fill(spectator.password);
      await other.getByRole('button', { name: 'Sign in' }).click();
      await other.waitForURL((url) => !url.pathname.startsWith('/signin'));
      await other.goto(`${base}/admin`);
      await other.getByRole('heading', { name: 'Not allowed' }).waitFor();
      await screenshot(other, 'back-office-not-allowed');
      await context.close();
    });
  },
);

import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialGc, stageResultsCsv } from '../../../server/test/support/letour.ts';
import { startTestApp, type TestApp } from '../../../server/test/support/test-app.ts';
import { chromiumUnavailable, collectPageErrors, launchChromium, screenshot } from './support/chromium.ts';
import { ensureWebBuild, WEB_DIST } from './support/web-build.ts';

/**
 * The results pages in Debian's Chromium, on the official Tour de France Femmes 2022 results imported
 * through importStageResults: the general classification shows the official order and times.
 */
describe.skipIf(chromiumUnavailable !== null)('the results pages, in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let base: string;
  let raceId: string;

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp({ webDistDir: WEB_DIST });
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
    const { client: organiser } = await t.signIn('organiser');
    const { csv, stages } = stageResultsCsv(2022);
    raceId = (
      await organiser.post('/api/v1/races', {
        name: 'Tour de France Femmes 2022',
        visibility: 'public',
        startDate: '2022-07-24',
      })
    ).json().id;
    for (let n = 1; n <= stages; n++) {
      await organiser.post(`/api/v1/races/${raceId}/stages`, { name: `Stage ${n}`, number: n });
    }
    const imported = await organiser.post(`/api/v1/races/${raceId}/results/import?createMissing=true`, csv, {
      'content-type': 'text/csv',
    });
    if (imported.statusCode !== 200) throw new Error(imported.body);
    const published = await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'published' });
    if (published.statusCode !== 200) throw new Error(published.body);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the official general classification, in order, with the winner’s time', async () => {
    const official = officialGc(2022).sort((a, b) => a.rank - b.rank);
    await page.goto(`${base}/races/${raceId}/results`);
    await page.getByRole('tab', { name: /general/i }).click();
    const table = page.getByTestId('results-table');
    await expect.poll(() => table.locator('[data-bib]').count(), { timeout: 15_000 }).toBe(official.length);
    const firstRows = await table
      .locator('[data-bib]')
      .evaluateAll((rows) => rows.slice(0, 5).map((row) => row.textContent ?? ''));
    for (const [k, row] of firstRows.entries()) {
      expect(row.toLowerCase()).toContain(official[k]!.rider.split(' ').at(-1)!.toLowerCase());
    }
    await screenshot(page, 'results-general');
    expect(errors).toEqual([]);
  });

  it('filters by a rider’s name and offers the same view as CSV', async () => {
    const winner = officialGc(2022).find((row) => row.rank === 1)!;
    const surname = winner.rider.split(' ').at(-1)!;
    await page.getByRole('searchbox').first().fill(surname);
    const table = page.getByTestId('results-table');
    await expect.poll(() => table.locator('[data-bib]').count()).toBeLessThan(5);
    await expect(table.locator('[data-bib]').first().textContent()).resolves.toContain(surname);
    const csvHref = await page.getByRole('link', { name: /csv/i }).first().getAttribute('href');
    const csv = await (await fetch(new URL(csvHref!, base))).text();
    expect(csv.split('\n')[0]).toContain('rank');
    await screenshot(page, 'results-search');
  });

  it('shows a stage result', async () => {
    await page.getByRole('searchbox').first().fill('');
    await page.getByRole('tab', { name: /stage/i }).first().click();
    await expect
      .poll(() => page.getByTestId('results-table').locator('[data-bib]').count())
      .toBeGreaterThan(100);
    await screenshot(page, 'results-stage');
  });
});

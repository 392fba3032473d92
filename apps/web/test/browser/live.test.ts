import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { runSimulation } from '@echelon/simulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  multipartFile,
  SHARED_DATA,
  startTestApp,
  type TestApp,
} from '../../../server/test/support/test-app.ts';
import { chromiumUnavailable, collectPageErrors, launchChromium, screenshot } from './support/chromium.ts';
import { distinctBibs, REPLAY_BOARD, readLeaderboard, waitFor } from './support/leaderboard.ts';
import { ensureWebBuild, WEB_DIST } from './support/web-build.ts';

const COURSE = `${SHARED_DATA}courses/tdf2024-stage07-itt-nuits-st-georges-gevrey-chambertin.gpx`;
const RIDERS = 12;

/**
 * The live page in Debian's Chromium while the simulator rides the Tour de France 2024 stage 7 route:
 * riders move on the map, the leaderboard's distances, order and gaps change, following pins a rider.
 */
describe.skipIf(chromiumUnavailable !== null)('the live page, in a browser, during a simulated race', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let base: string;
  let liveUrl: string;
  let simulation: Promise<unknown>;
  let organiser: Client;
  let raceId: string;
  let stageId: string;

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp({ tickMs: 500, webDistDir: WEB_DIST });
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
    organiser = (await t.signIn('organiser')).client;
    const race = (await organiser.post('/api/v1/races', { name: 'Browser Grand Prix' })).json();
    const stage = (
      await organiser.post(`/api/v1/races/${race.id}/stages`, { name: 'Nuits – Gevrey' })
    ).json();
    const form = await multipartFile('file', 'stage7.gpx', readFileSync(COURSE));
    await organiser.put(`/api/v1/stages/${stage.id}/course`, form.payload, form.headers);
    await organiser.post(`/api/v1/stages/${stage.id}/checkpoints`, {
      kind: 'timing',
      name: 'Split',
      distance: 8000,
    });
    const token = (await organiser.post('/api/v1/tokens', { name: 'simulator' })).json().token;
    liveUrl = `${base}/races/${race.id}/stages/${stage.id}/live`;
    raceId = race.id;
    stageId = stage.id;
    let ready: () => void;
    const started = new Promise<void>((resolve) => {
      ready = resolve;
    });
    simulation = runSimulation({
      server: base,
      raceId: race.id,
      stageId: stage.id,
      token,
      riders: RIDERS,
      speedup: 60,
      protocol: 'native',
      seed: 7,
      start: true,
      onReady: () => ready(),
    });
    await started;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await simulation?.catch(() => {});
    await t?.close();
  }, 120_000);

  it('shows every rider on the leaderboard, with distances, order and gaps that change', async () => {
    await page.goto(liveUrl);
    const first = await waitFor(page, async () => {
      const rows = await readLeaderboard(page);
      return distinctBibs(rows) === RIDERS && rows.some((r) => r.togo !== '–') ? rows : null;
    });
    await screenshot(page, 'live-page');
    const seen = new Set([first.map((r) => `${r.bib}`).join(',')]);
    const gaps = new Set([first.map((r) => r.gap).join(',')]);
    const togo = new Map(first.map((r) => [r.bib, r.togo]));
    let moved = false;
    for (let k = 0; k < 40 && !(moved && seen.size > 1 && gaps.size > 1); k += 1) {
      await page.waitForTimeout(500);
      const rows = await readLeaderboard(page);
      seen.add(rows.map((r) => `${r.bib}`).join(','));
      gaps.add(rows.map((r) => r.gap).join(','));
      moved ||= rows.some((r) => togo.get(r.bib) !== r.togo);
    }
    expect(moved, 'distances to go change as riders move').toBe(true);
    expect(seen.size, 'the order changes at least once').toBeGreaterThan(1);
    expect(gaps.size, 'the gaps change').toBeGreaterThan(1);
    expect(errors).toEqual([]);
  });

  it('draws the riders moving on the map', async () => {
    const map = page.getByTestId('live-map');
    const before = await map.screenshot();
    await page.waitForTimeout(2000);
    const after = await map.screenshot();
    await screenshot(page, 'live-map-moving');
    expect(Buffer.compare(before, after)).not.toBe(0);
  });

  it('keeps the riders on the map while it zooms, scaled with it, then redraws them', async () => {
    const map = page.getByTestId('live-map');
    // Watched from inside the page: the zoom animation lasts a quarter of a second, too short to poll.
    // At the riders canvas's first scaled transform (Leaflet's `zoomanim`), record what is on screen.
    await map.locator('canvas.echelon-riders-canvas').evaluate((canvas: HTMLCanvasElement) => {
      const pane = canvas.closest('.leaflet-map-pane');
      const observer = new MutationObserver(() => {
        if (!canvas.style.transform.includes('scale(')) return;
        observer.disconnect();
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let painted = 0;
        for (let k = 3; k < data.length; k += 4) if (data[k]! > 0) painted += 1;
        (window as { zoomProbe?: unknown }).zoomProbe = {
          transform: canvas.style.transform,
          visibility: getComputedStyle(canvas).visibility,
          animating: pane?.classList.contains('leaflet-zoom-anim') ?? false,
          painted,
        };
      });
      observer.observe(canvas, { attributes: true, attributeFilter: ['style', 'class'] });
    });
    await map.locator('.leaflet-control-zoom-in').click();
    const probe = (await (
      await page.waitForFunction(() => (window as { zoomProbe?: unknown }).zoomProbe, undefined, {
        timeout: 5000,
      })
    ).jsonValue()) as { transform: string; visibility: string; animating: boolean; painted: number };
    expect(probe, 'mid-animation, the riders canvas is shown, scaled with the map').toMatchObject({
      visibility: 'visible',
      animating: true,
    });
    expect(probe.transform).toMatch(/scale\(2\)/);
    expect(probe.painted, 'and it still holds the riders').toBeGreaterThan(0);
    // Once the animation is over the riders are drawn again at the new zoom, unscaled.
    await expect
      .poll(() => map.locator('canvas.echelon-riders-canvas').evaluate((canvas) => canvas.style.transform))
      .not.toMatch(/scale/);
    expect(errors).toEqual([]);
  });

  it('pins a followed rider at the top, and remembers it after a reload', async () => {
    const rows = await readLeaderboard(page);
    const last = rows[rows.length - 1]!;
    const star = page.locator(`[data-follow-bib="${last.bib}"]`).first();
    await star.click();
    await expect.poll(() => star.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await readLeaderboard(page))[0]?.bib).toBe(last.bib);
    await screenshot(page, 'live-followed');
    await page.reload();
    await waitFor(page, async () => (distinctBibs(await readLeaderboard(page)) === RIDERS ? true : null));
    await expect
      .poll(() => page.locator(`[data-follow-bib="${last.bib}"]`).first().getAttribute('aria-pressed'))
      .toBe('true');
    expect((await readLeaderboard(page))[0]?.bib).toBe(last.bib);
  });

  it('replays the finished stage from the stored fixes, scrubbing and playing', {
    timeout: 120_000,
  }, async () => {
    await simulation;
    await organiser.post(`/api/v1/races/${raceId}/status`, { status: 'finished', stageId });
    await page.goto(liveUrl.replace(/live$/, 'replay'));
    const timeline = page.getByTestId('replay-timeline');
    await timeline.waitFor({ timeout: 20_000 });
    const min = Number(await timeline.getAttribute('min'));
    const max = Number(await timeline.getAttribute('max'));
    expect(max).toBeGreaterThan(min);
    // Halfway through: every rider is on the course, somewhere.
    await timeline.fill(String(Math.round((min + max) / 2)));
    const middle = await waitFor(page, async () => {
      const rows = await readLeaderboard(page, REPLAY_BOARD);
      return rows.length > 0 ? rows : null;
    });
    await screenshot(page, 'replay-middle');
    await page.getByTestId('replay-play').click();
    await page.waitForTimeout(1500);
    const later = Number(await timeline.inputValue());
    expect(later).toBeGreaterThan(Math.round((min + max) / 2));
    expect(middle.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});

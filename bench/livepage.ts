// livepage_*: the live page of the 3,000-rider fondo (support/fondo-race.ts) in Debian's headless
// Chromium (playwright-core, the browser tests' flags), 1280×900 so the map, the leaderboard, the charts
// and the groups are all on screen, while the phones keep sending. Main-thread time per animation frame
// from a Chromium trace (support/frame-time.ts), over a window with the page left alone and one while
// the leaderboard is scrolled.
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../apps/web/test/browser/support/chromium.ts';
import { ensureWebBuild, WEB_DIST } from '../apps/web/test/browser/support/web-build.ts';
import { FONDO_LIVE_RIDERS } from './support/fondo-live.ts';
import { type LiveFondo, startFondo } from './support/fondo-race.ts';
import { type FrameTimes, traceFrames } from './support/frame-time.ts';
import { startBenchApp } from './support/race.ts';
import { type Metric, metric, type Options } from './support/report.ts';
import { quantile, sleep } from './support/stats.ts';

const TICK_MS = 1000;

/** The little of the page's globals the page-side functions use (this file has no DOM types; casts only). */
interface PageElement {
  getAttribute(name: string): string | null;
  parentElement: (PageElement & { scrollTop: number }) | null;
}
type PageGlobals = {
  document: { querySelector(selector: string): PageElement | null };
  requestAnimationFrame(callback: () => void): number;
};
const BOARD = 'table[aria-label="Leaderboard"]';

export async function benchLivePage(options: Options): Promise<Metric[]> {
  const windowMs = options.quick ? 8000 : 20_000;
  ensureWebBuild();
  const { app, close } = await startBenchApp(TICK_MS, { webDistDir: WEB_DIST });
  let fondo: LiveFondo | null = null;
  let browser: Browser | null = null;
  try {
    fondo = await startFondo(app);
    await app.http.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.http.server.address() as AddressInfo;
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const opened = performance.now();
    await page.goto(`http://127.0.0.1:${port}/races/${fondo.race.raceId}/stages/${fondo.race.stageId}/live`);
    await page.waitForFunction(
      ({ board, rows }) =>
        (globalThis as unknown as PageGlobals).document
          .querySelector(board)
          ?.getAttribute('aria-rowcount') === rows,
      { board: BOARD, rows: String(FONDO_LIVE_RIDERS + 1) },
      { timeout: 60_000 },
    );
    const loaded = performance.now() - opened;
    await sleep(3000); // charts loaded, the race flow seeded, the first deltas applied

    const idle = await traceFrames(browser, page, windowMs);
    // The same while a spectator scrolls down the leaderboard, a few rows every frame.
    const scrolling = page.evaluate(
      ({ board, ms }) =>
        new Promise<void>((resolve) => {
          const { document, requestAnimationFrame } = globalThis as unknown as PageGlobals;
          const scroller = document.querySelector(board)!.parentElement!;
          const end = performance.now() + ms;
          const step = () => {
            scroller.scrollTop += 24;
            if (performance.now() < end) requestAnimationFrame(step);
            else resolve();
          };
          requestAnimationFrame(step);
        }),
      { board: BOARD, ms: windowMs },
    );
    const scrolled = await traceFrames(browser, page, windowMs);
    await scrolling;
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    const note = (f: FrameTimes) =>
      `${FONDO_LIVE_RIDERS.toLocaleString('en-US')} riders, ${f.perFrame.length} frames at ${f.fps.toFixed(0)} fps; max ${quantile(f.perFrame, 1).toFixed(1)} ms, wall p95 ${quantile(f.perFrameWall, 0.95).toFixed(1)} ms, main thread ${(100 * f.busy).toFixed(0)} % busy, ${f.longTasks} tasks > 50 ms`;
    return [
      metric('livepage_frame_p95_ms', quantile(idle.perFrame, 0.95), 'ms', 12, 'max', note(idle)),
      metric('livepage_frame_p50_ms', quantile(idle.perFrame, 0.5), 'ms', null, 'max'),
      metric(
        'livepage_scroll_frame_p95_ms',
        quantile(scrolled.perFrame, 0.95),
        'ms',
        null,
        'max',
        note(scrolled),
      ),
      metric('livepage_load_ms', loaded, 'ms', null, 'max', 'page opened until all 3,000 rows are counted'),
    ];
  } finally {
    await browser?.close();
    await fondo?.driver.stop();
    await close();
  }
}

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); tests never download a browser of their own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Outside CI a missing Chromium skips them with a message; with
 * CI=true it fails the run, because a skipped suite must not pass for a green one.
 */
export const chromiumUnavailable: string | null = (() => {
  if (existsSync(CHROMIUM)) return null;
  const message = `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${message}; the browser tests are mandatory in CI`);
  console.warn(`Skipping the browser tests: ${message}`);
  return message;
})();

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Root in CI needs --no-sandbox; the rest keeps Chromium off the (closed) network at start-up.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Screenshots land in test-results/screenshots/ (ignored by git, kept by CI as artefacts). */
export const SCREENSHOTS = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'test-results',
  'screenshots',
);

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Fails a test on any uncaught error in the page — a crash in the app is a failed test, not a log line. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

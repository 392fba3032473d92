import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureWebBuild, WEB_DIST } from './support/web-build.ts';

/** The build reports what the live page loads first; the budget is 250 KB of gzipped JavaScript. */
describe('the web build', () => {
  it('keeps the live page’s first-load JavaScript within 250 KB gzipped', () => {
    ensureWebBuild();
    const report = JSON.parse(readFileSync(join(WEB_DIST, 'size.json'), 'utf8')) as {
      gzipKb: number;
      files: Array<{ file: string; gzip: number }>;
    };
    console.log(`live page first-load JavaScript: ${report.gzipKb} KB gzipped`);
    expect(report.files.some((f) => /LivePage/.test(f.file))).toBe(true);
    expect(report.gzipKb).toBeGreaterThan(20);
    expect(report.gzipKb).toBeLessThanOrEqual(250);
  });
});

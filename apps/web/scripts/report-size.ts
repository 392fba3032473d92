/**
 * Reports the gzipped size of the JavaScript the live page loads first: the entry chunk, the live
 * page's own chunk, and every chunk either imports statically (what the browser must fetch before the
 * live page can draw). Reads Vite's manifest; writes `dist/size.json`; exits non-zero above the budget.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 250;
const LIVE_PAGE = 'src/pages/live/LivePage.tsx';
const dist = join(import.meta.dirname, '..', 'dist');

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  Chunk
>;

const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
if (!entryKey || !manifest[LIVE_PAGE]) {
  console.error(`size report: the manifest has no entry or no ${LIVE_PAGE}`);
  process.exit(1);
}

const files = new Set<string>();
const visit = (key: string) => {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit(entryKey);
visit(LIVE_PAGE);

const rows = [...files].map((file) => {
  const bytes = readFileSync(join(dist, file));
  return { file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const gzipKb = rows.reduce((sum, row) => sum + row.gzip, 0) / 1024;
const report = { page: 'live', budgetKb: BUDGET_KB, gzipKb: Math.round(gzipKb * 10) / 10, files: rows };
writeFileSync(join(dist, 'size.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`live page first-load JavaScript: ${report.gzipKb} KB gzipped (budget ${BUDGET_KB} KB)`);
for (const row of rows) console.log(`  ${(row.gzip / 1024).toFixed(1).padStart(7)} KB  ${row.file}`);
if (gzipKb > BUDGET_KB) {
  console.error(`over budget by ${(gzipKb - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}

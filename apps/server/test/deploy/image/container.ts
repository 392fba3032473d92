import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildah } from './buildah.ts';

/** What the image's config says a container runs (Docker's format: it keeps HEALTHCHECK). */
export interface ImageConfig {
  env: Record<string, string>;
  cmd: string[];
  user: string;
  workingDir: string;
  volumes: string[];
  exposedPorts: string[];
  healthcheck: string[] | null;
}

export async function imageConfig(image: string): Promise<ImageConfig> {
  const info = JSON.parse(await buildah('inspect', '--type', 'image', image)) as {
    Docker: {
      config: {
        Env?: string[];
        Cmd?: string[];
        User?: string;
        WorkingDir?: string;
        Volumes?: Record<string, unknown>;
        ExposedPorts?: Record<string, unknown>;
        Healthcheck?: { Test?: string[] };
      };
    };
  };
  const config = info.Docker.config;
  return {
    env: Object.fromEntries(
      (config.Env ?? []).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    ),
    cmd: config.Cmd ?? [],
    user: config.User ?? 'root',
    workingDir: config.WorkingDir || '/',
    volumes: Object.keys(config.Volumes ?? {}),
    exposedPorts: Object.keys(config.ExposedPorts ?? {}),
    healthcheck: config.Healthcheck?.Test ?? null,
  };
}

/**
 * Runs a command of the image as a container would, without a container runtime: a private mount
 * namespace (`unshare --mount`) in which the image's root file system (buildah's mount of a working
 * container) is bound read-only, with writable tmpfs and volume binds only where asked, then `chroot`
 * to it as the given uid:gid. Each step execs the next, so the spawned pid is the server's own: a
 * SIGTERM sent to it is the one an orchestrator sends, with nothing in between to forward it. The
 * network is the host's (what the tests reach on 127.0.0.1, and what reaches the machine's
 * PostgreSQL and NATS).
 *
 * Why not `buildah run --isolation chroot`: it cannot mount the root read-only (Kubernetes'
 * readOnlyRootFilesystem) and it runs the command under a monitor process, so the test would signal
 * buildah rather than node.
 */
const JAIL = `set -e
root=$1; workdir=$2; user=$3; tmpfs=$4; binds=$5; shift 5
mount --bind "$root" "$root"
mount --rbind /dev "$root/dev"
mount -t proc proc "$root/proc"
for dir in $tmpfs; do mount -t tmpfs -o mode=1777 tmpfs "$root$dir"; done
for bind in $binds; do mount --bind "\${bind%%=*}" "$root\${bind#*=}"; done
mount -o remount,bind,ro "$root"
exec chroot --userspec="$user" "$root" /usr/bin/env --chdir="$workdir" "$@"`;

export interface RunOptions {
  command: string[];
  env: Record<string, string>;
  /** `name` from the image's /etc/passwd, or uid[:gid]. */
  user: string;
  workingDir: string;
  /** Folders of the image that are an empty tmpfs (Kubernetes' emptyDir). */
  tmpfs?: string[];
  /** Host folders bound onto image folders (volumes): image path → host path. */
  volumes?: Record<string, string>;
}

export interface Running {
  pid: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The process's real, effective, saved and file-system uids, as the kernel has them. */
  uids: () => number[];
  process: ChildProcess;
}

/** A working container of an image, mounted; `start` runs commands of it, `remove` drops it. */
export class ImageRoot {
  private readonly container: string;
  readonly path: string;

  private constructor(container: string, path: string) {
    this.container = container;
    this.path = path;
  }

  static async of(image: string): Promise<ImageRoot> {
    const container = (await buildah('from', '--pull-never', image)).trim().split('\n').at(-1)!;
    const path = (await buildah('mount', container)).trim();
    return new ImageRoot(container, path);
  }

  /** uid:gid of a user as the image's own /etc/passwd has it (Docker resolves USER the same way). */
  userIds(user: string): string {
    if (/^\d+(:\d+)?$/.test(user)) return user.includes(':') ? user : `${user}:${user}`;
    const entry = readFileSync(join(this.path, 'etc/passwd'), 'utf8')
      .split('\n')
      .map((line) => line.split(':'))
      .find((fields) => fields[0] === user);
    if (!entry) throw new Error(`user ${user} is not in the image's /etc/passwd`);
    return `${entry[2]}:${entry[3]}`;
  }

  homeOf(uid: string): string {
    const entry = readFileSync(join(this.path, 'etc/passwd'), 'utf8')
      .split('\n')
      .map((line) => line.split(':'))
      .find((fields) => fields[2] === uid.split(':')[0]);
    return entry?.[5] ?? '/';
  }

  start(options: RunOptions): Running {
    const ids = this.userIds(options.user);
    const binds = Object.entries(options.volumes ?? {}).map(([inImage, host]) => `${host}=${inImage}`);
    const child = spawn(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        '/bin/sh',
        '-c',
        JAIL,
        'jail',
        this.path,
        options.workingDir,
        ids,
        (options.tmpfs ?? []).join(' '),
        binds.join(' '),
        ...options.command,
      ],
      { env: { HOME: this.homeOf(ids), ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    return {
      pid: child.pid!,
      output: () => output,
      exited,
      uids: () =>
        readFileSync(`/proc/${child.pid}/status`, 'utf8')
          .match(/^Uid:\s+(.*)$/m)![1]!
          .split(/\s+/)
          .map(Number),
      process: child,
    };
  }

  /** Runs a command to its end: exit code and output. */
  async exec(options: RunOptions): Promise<{ code: number | null; output: string }> {
    const running = this.start(options);
    const { code } = await running.exited;
    return { code, output: running.output() };
  }

  async remove(): Promise<void> {
    await buildah('umount', this.container).catch(() => {});
    await buildah('rm', this.container).catch(() => {});
  }
}

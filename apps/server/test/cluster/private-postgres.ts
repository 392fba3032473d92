import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries on the machine (PG_BIN overrides), or null. */
export function postgresBin(): string | null {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A PostgreSQL of the test's own, in a temporary directory on a free port, so the test can stop it
 * (a database outage) without touching the machine's. initdb refuses to run as root: as root it runs
 * as the `postgres` user.
 */
export class PrivatePostgres {
  readonly url: string;
  private readonly bin: string;
  private readonly dir: string;
  private readonly port: number;

  private constructor(bin: string, dir: string, port: number) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  static async start(bin: string): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'echelon-pg-'));
    if (process.getuid?.() === 0) chownSync(dir, ...ownerOf('postgres'));
    const db = new PrivatePostgres(bin, dir, await freePort());
    await db.exec('initdb', ['-D', db.data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
    await db.resume();
    return db;
  }

  private get data(): string {
    return path.join(this.dir, 'data');
  }

  /** Starts (again) and waits until it accepts connections. */
  async resume(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.exec('pg_ctl', [
      '-D',
      this.data,
      '-o',
      options,
      '-l',
      path.join(this.dir, 'log'),
      '-w',
      'start',
    ]);
  }

  /** Stops at once (clients are disconnected), as an outage looks to them. */
  async pause(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.pause().catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const file = path.join(this.bin, tool);
    if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', file, ...args]);
    else await run(file, args);
  }
}

/** The user's uid and gid from /etc/passwd. */
function ownerOf(user: string): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  const [, , uid, gid] = (line ?? '').split(':');
  if (!uid || !gid) throw new Error(`no ${user} user to run PostgreSQL as`);
  return [Number(uid), Number(gid)];
}

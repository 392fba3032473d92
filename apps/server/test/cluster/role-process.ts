import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Role } from '../../src/config.ts';

const ROLES_DIR = path.resolve(import.meta.dirname, '../../src/roles');

/** One Echelon process of a role, on Node 24 (this test's own runtime), on a port of its own. */
export class RoleProcess {
  readonly role: Role;
  readonly port: number;
  readonly child: ChildProcess;
  /** The last lines it wrote, to explain a failure. */
  readonly output: string[] = [];

  constructor(role: Role, port: number, env: Record<string, string>) {
    this.role = role;
    this.port = port;
    this.child = spawn(process.execPath, [path.join(ROLES_DIR, `${role}.ts`)], {
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output.push(...String(chunk).split('\n').filter(Boolean));
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until /readyz answers 200. */
  async ready(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (!this.alive) throw new Error(`${this.role} exited:\n${this.output.join('\n')}`);
      const ok = await fetch(`${this.url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.role} on ${this.port} not ready:\n${this.output.join('\n')}`);
  }

  /** Sends a signal and waits for the process to end. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
  }
}

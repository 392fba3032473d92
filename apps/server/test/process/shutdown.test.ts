import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = path.resolve(import.meta.dirname, '../../src/main.ts');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npm start` as an operator runs it, on its own embedded database and port. */
async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'echelon-shutdown-'));
  const output: string[] = [];
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      NATS_URL: '',
      ADMIN_EMAIL: 'admin@example.org',
      ADMIN_PASSWORD: 'correct horse battery',
      WEB_DIST_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  while (
    !(await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output.join('')}`);
    if (Date.now() > until) throw new Error(`server not ready:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: Date.now() })),
  );
  return { child, port, url, dataDir, exited, output };
}

/** A spectator's socket and an upload that never finishes: what kept a server alive for 30 minutes. */
async function holdOpen(server: { port: number; url: string }) {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/live`);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.onclose = (event) => resolve({ code: event.code, reason: event.reason });
  });
  const slow = tcpConnect(server.port, '127.0.0.1');
  await new Promise((resolve) => slow.once('connect', resolve));
  slow.write(
    'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":',
  );
  slow.on('error', () => {});
  return { socket, closed, slow };
}

describe('graceful shutdown', () => {
  let running: ChildProcess | null = null;
  let dataDir: string | null = null;
  afterEach(() => {
    if (running && running.exitCode === null) running.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM stops accepting, tells sockets to reconnect, and exits within SHUTDOWN_TIMEOUT_MS', async () => {
    const server = await startServer({ SHUTDOWN_TIMEOUT_MS: '2000' });
    running = server.child;
    dataDir = server.dataDir;
    const open = await holdOpen(server);
    const sent = Date.now();
    server.child.kill('SIGTERM');
    const close = await open.closed;
    expect(close.code).toBe(1012);
    expect(close.reason).toMatch(/reconnect/);
    // The port no longer takes connections while the slow request is still being drained.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    const { at } = await server.exited;
    expect(at - sent).toBeGreaterThanOrEqual(1_500);
    expect(at - sent).toBeLessThan(6_000);
    open.slow.destroy();
  });

  it('exits at once on a second SIGTERM', async () => {
    const server = await startServer({ SHUTDOWN_TIMEOUT_MS: '60000' });
    running = server.child;
    dataDir = server.dataDir;
    const open = await holdOpen(server);
    server.child.kill('SIGTERM');
    await open.closed;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.child.exitCode).toBeNull();
    const second = Date.now();
    server.child.kill('SIGTERM');
    const { at, code } = await server.exited;
    expect(at - second).toBeLessThan(2_000);
    expect(code).toBe(1);
    open.slow.destroy();
  });
});

// The spectators of the fan-out benches: child processes (bench/spectators.ts) each opening its share of
// WebSocket (or Socket.IO) clients, driven over IPC, and their reports summed. Used by fanout.ts, the
// peers (bench/peers/) and the cluster bench alike, so every server is watched the same way.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { FromSpectators, ToSpectators } from '../spectators.ts';

export class Spectators {
  readonly child: ChildProcess;
  private waiting: Array<{ type: string; resolve: (m: FromSpectators) => void }> = [];
  subscribed = 0;

  constructor() {
    this.child = fork(path.resolve(import.meta.dirname, '../spectators.ts'), [], {
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: FromSpectators) => {
      if (message.type === 'progress') this.subscribed = message.subscribed;
      const i = this.waiting.findIndex((w) => w.type === message.type);
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(message);
    });
  }

  send(message: ToSpectators): void {
    this.child.send(message);
  }

  next<T extends FromSpectators['type']>(type: T): Promise<Extract<FromSpectators, { type: T }>> {
    return new Promise((resolve) =>
      this.waiting.push({ type, resolve: resolve as (m: FromSpectators) => void }),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.send({ type: 'close' });
      setTimeout(() => this.child.kill(), 10_000).unref();
    });
  }
}

/**
 * Opens `connections` spectators spread over one child process per URL (each subscribes its share to
 * `stageId`, `chunk` at a time), reporting progress; the children go into `children` as they start, so
 * the caller can close them even if opening fails.
 */
export async function openSpectators(
  children: Spectators[],
  urls: string[],
  stageId: string,
  connections: number,
  chunk: number,
  client: 'echelon' | 'socket.io' = 'echelon',
): Promise<{ subscribed: number; seconds: number }> {
  const opening = performance.now();
  for (let k = 0; k < urls.length; k++) children.push(new Spectators());
  const progress = setInterval(() => {
    const n = children.reduce((sum, c) => sum + c.subscribed, 0);
    console.error(`  ${n.toLocaleString('en-US')} spectators subscribed`);
  }, 5000);
  const opened = await Promise.all(
    children.map((c, k) => {
      const done = c.next('opened');
      const count = Math.floor(connections / urls.length) + (k < connections % urls.length ? 1 : 0);
      c.send({ type: 'open', url: urls[k]!, stageId, count, chunk, client });
      return done;
    }),
  ).finally(() => clearInterval(progress));
  const subscribed = opened.reduce((sum, o) => sum + o.subscribed, 0);
  const failed = opened.reduce((sum, o) => sum + o.failed, 0);
  const servers = new Set(urls).size;
  const seconds = (performance.now() - opening) / 1000;
  console.error(
    `  ${subscribed.toLocaleString('en-US')} subscribed${servers > 1 ? ` over ${servers} servers` : ''} in ${seconds.toFixed(1)} s` +
      (failed > 0 ? `, ${failed} failed (${opened.find((o) => o.failed > 0)?.lastError})` : ''),
  );
  return { subscribed, seconds };
}

/** Asks every spectator process for its report over the measured ticks, and sums them. */
export async function collectReports(
  children: Spectators[],
  ticks: Extract<ToSpectators, { type: 'report' }>['ticks'],
  from: number,
  to: number,
) {
  const reports = await Promise.all(
    children.map((c) => {
      const done = c.next('report');
      c.send({ type: 'report', ticks, from, to });
      return done;
    }),
  );
  const latencies = new Float64Array(reports.reduce((n, r) => n + r.latencies.length, 0));
  let offset = 0;
  for (const r of reports) {
    latencies.set(r.latencies, offset);
    offset += r.latencies.length;
  }
  const sum = (field: 'complete' | 'open' | 'bytes' | 'resyncs' | 'cpuMs') =>
    reports.reduce((n, r) => n + r[field], 0);
  return {
    latencies,
    complete: sum('complete'),
    open: sum('open'),
    bytes: sum('bytes'),
    resyncs: sum('resyncs'),
    spectatorCpuMs: sum('cpuMs'),
  };
}

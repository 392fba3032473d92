// The ingest-load benchmark's HTTP ceiling peers (http-ingest-peer.ts), each in a child process of its
// own as the app would be on a machine of its own: started, asked for their CPU around a window, stopped.
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { Crowd } from '../support/crowd.ts';
import { quantile } from '../support/stats.ts';
import type { Protocol } from '../support/tracker-requests.ts';
import type { IngestPeerKind } from './http-ingest-peer.ts';

export class IngestPeerProcess {
  readonly kind: IngestPeerKind;
  private child: ChildProcess | null = null;
  port = 0;

  constructor(kind: IngestPeerKind) {
    this.kind = kind;
  }

  /** What the bench prints. */
  get name(): string {
    return this.kind === 'fastify' ? 'bare Fastify + zod' : 'bare node:http';
  }

  async start(): Promise<number> {
    const child = fork(path.resolve(import.meta.dirname, 'http-ingest-peer.ts'), [this.kind], {
      stdio: 'inherit',
    });
    this.child = child;
    const { port } = await this.ask<{ port: number }>(null);
    this.port = port;
    return port;
  }

  /** The peer process's CPU time so far, µs. */
  async cpuUs(): Promise<number> {
    return (await this.ask<{ cpuUs: number }>({ type: 'cpu' })).cpuUs;
  }

  private ask<T>(message: object | null): Promise<T> {
    const child = this.child!;
    return new Promise((resolve, reject) => {
      const failed = (code: number | null) => reject(new Error(`ingest peer ${this.kind} exited (${code})`));
      child.once('exit', failed);
      child.once('message', (answer) => {
        child.off('exit', failed);
        resolve(answer as T);
      });
      if (message) child.send(message);
    });
  }

  stop(): void {
    this.child?.kill();
    this.child = null;
  }
}

/** A peer's figure for one kind of request: the same phones, flat out, one fix per request. */
export interface PeerFigure {
  peer: string;
  protocol: Protocol;
  perS: number;
  p50: number;
  p99: number;
  peerCpuPct: number;
  clientUsPerRequest: number;
}

/**
 * Runs each peer (node:http always; Fastify with `--peers`) for each kind of request, `ms` each, with the
 * same devices flat out as the app's 1-per-request windows. The app stays up meanwhile, idle but for its
 * live processor's ticks (its CPU share is in the bench's output).
 */
export async function measurePeers(
  crowd: Crowd,
  devices: number,
  ms: number,
  kinds: IngestPeerKind[],
  protocols: Protocol[],
): Promise<PeerFigure[]> {
  const figures: PeerFigure[] = [];
  for (const kind of kinds) {
    const peer = new IngestPeerProcess(kind);
    const port = await peer.start();
    try {
      // Connections opened and the peer's code warmed, as the app's warm-up does for the app.
      await crowd.run(
        { protocol: 'native', auth: 'device', batch: 1, mode: 'flat', ms: 2000, peerPort: port },
        devices,
      );
      for (const protocol of protocols) {
        const cpu = await peer.cpuUs();
        const report = await crowd.run(
          { protocol, auth: 'device', batch: 1, mode: 'flat', ms, peerPort: port },
          devices,
        );
        const peerCpuPct = (100 * ((await peer.cpuUs()) - cpu)) / 1000 / report.ms;
        if (report.failures > 0)
          console.error(`  ${peer.name} ${protocol}: ${report.failures} failed, e.g. ${report.firstFailure}`);
        figures.push({
          peer: peer.name,
          protocol,
          perS: report.fixes / (report.ms / 1000),
          p50: quantile(report.latencies, 0.5),
          p99: quantile(report.latencies, 0.99),
          peerCpuPct,
          clientUsPerRequest: (1000 * report.cpuMs) / report.requests,
        });
        const f = figures.at(-1)!;
        console.error(
          `  peer ${f.peer} ${protocol}1: ${Math.round(f.perS)} requests/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, peer ${Math.round(peerCpuPct)} % cpu, clients ${Math.round(f.clientUsPerRequest)} µs/request`,
        );
      }
    } finally {
      peer.stop();
    }
  }
  return figures;
}

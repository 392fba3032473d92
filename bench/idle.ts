// idle_heap_per_connection_b, idle_rss_per_connection_b: what one subscribed spectator that only listens
// costs a server. Each server (Echelon's app; with --peers bare `ws` and Socket.IO 4) runs alone in a fresh
// child process (bench/idle-server.ts), so freed memory of earlier work cannot hide the growth; memory is
// sampled after full garbage collections before the spectators connect and once they are all subscribed
// (they get a snapshot, then Echelon's live deltas; the peers send nothing more). C spectators come from
// the fan-out bench's client processes (bench/spectators.ts).
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { FromIdleServer, IdleServerKind, ToIdleServer } from './idle-server.ts';
import { type Metric, metric, type Options, withPeers } from './support/report.ts';
import { openSpectators, type Spectators } from './support/spectator-pool.ts';
import { sleep } from './support/stats.ts';

const CHILDREN = 2;
const CHUNK = 200;

interface IdleFigures {
  heap: number;
  rss: number;
  subscribed: number;
  snapshot: Uint8Array;
}

class IdleServer {
  private readonly child: ChildProcess;
  private readonly waiting: Array<(m: FromIdleServer) => void> = [];

  constructor() {
    this.child = fork(path.resolve(import.meta.dirname, 'idle-server.ts'), [], {
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: FromIdleServer) => this.waiting.shift()?.(m));
  }

  ask<T extends FromIdleServer['type']>(
    message: ToIdleServer,
  ): Promise<Extract<FromIdleServer, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve as (m: FromIdleServer) => void);
      this.child.once('exit', (code) => reject(new Error(`idle server exited (${code})`)));
      this.child.send(message);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'close' } satisfies ToIdleServer);
      setTimeout(() => this.child.kill(), 10_000).unref();
    });
  }
}

async function measure(
  kind: IdleServerKind,
  connections: number,
  snapshot?: Uint8Array,
): Promise<IdleFigures> {
  const server = new IdleServer();
  const children: Spectators[] = [];
  try {
    const ready = await server.ask<'ready'>({ type: 'start', kind, ...(snapshot && { snapshot }) });
    const before = await server.ask<'sample'>({ type: 'sample' });
    const { subscribed } = await openSpectators(
      children,
      Array(CHILDREN).fill(ready.url),
      ready.stageId,
      connections,
      CHUNK,
      ready.client,
    );
    await sleep(2000); // the last snapshots leave the send buffers
    const after = await server.ask<'sample'>({ type: 'sample' });
    const n = Math.max(1, subscribed);
    return {
      heap: (after.heapUsed - before.heapUsed) / n,
      rss: (after.rss - before.rss) / n,
      subscribed,
      snapshot: ready.snapshot,
    };
  } finally {
    await Promise.all(children.map((c) => c.close()));
    await server.close();
  }
}

export async function benchIdle(options: Options): Promise<Metric[]> {
  const connections = options.quick ? 1000 : 10_000;
  const echelon = await measure('echelon', connections);
  const peers: Array<[string, IdleFigures]> = [];
  if (options.peers) {
    console.error('  peer: ws');
    peers.push(['ws', await measure('ws', connections, echelon.snapshot)]);
    console.error('  peer: Socket.IO 4');
    peers.push(['Socket.IO 4', await measure('socket.io', connections, echelon.snapshot)]);
  }
  const note = `${echelon.subscribed.toLocaleString('en-US')} subscribed spectators, fresh server process, after GC`;
  const heap = metric('idle_heap_per_connection_b', echelon.heap, 'B', 5 * 1024, 'max', note);
  const rss = metric('idle_rss_per_connection_b', echelon.rss, 'B', null, 'max', note);
  if (!options.peers) return [heap, rss];
  return [
    withPeers(
      heap,
      peers.map(([name, f]) => ({ name, value: f.heap })),
    ),
    withPeers(
      rss,
      peers.map(([name, f]) => ({ name, value: f.rss })),
    ),
  ];
}

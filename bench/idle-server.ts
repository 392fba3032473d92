// Child process of the idle bench (bench/idle.ts): one server, Echelon's app or a peer's, alone in a fresh
// process so that what the spectators add to its heap and resident memory is all that changes. Echelon's
// is the bench app with a 200-rider race a minute in, fed live; a peer serves Echelon's snapshot bytes.
// Driven over IPC: `ready` (URL, stage, snapshot), then `sample` on request, after garbage collection.
import type { AddressInfo } from 'node:net';
import { deflateRawSync } from 'node:zlib';
import type { BroadcastPeer } from './peers/broadcast-peer.ts';
import { SocketIoBroadcast } from './peers/socketio-broadcast.ts';
import { WsBroadcast } from './peers/ws-broadcast.ts';
import { buildBatches, sendBatches } from './support/batches.ts';
import { loadStage4 } from './support/course.ts';
import { LiveDriver } from './support/driver.ts';
import { settledMemory } from './support/memory.ts';
import { Peloton } from './support/peloton.ts';
import { setUpRace, startBenchApp } from './support/race.ts';

export type IdleServerKind = 'echelon' | 'ws' | 'socket.io';

export type ToIdleServer =
  | { type: 'start'; kind: IdleServerKind; snapshot?: Uint8Array }
  | { type: 'sample' }
  | { type: 'close' };

export type FromIdleServer =
  | { type: 'ready'; url: string; stageId: string; snapshot: Uint8Array; client: 'echelon' | 'socket.io' }
  | { type: 'sample'; rss: number; heapUsed: number; external: number };

const RIDERS = 200;
const HISTORY_S = 60;

let close: () => Promise<void> = async () => {};
/** Resolves once no socket has bytes waiting to be sent (what waits is not an idle socket's cost). */
let drained: () => Promise<void> = async () => {};

async function startEchelon(): Promise<FromIdleServer> {
  const course = loadStage4();
  const bench = await startBenchApp(1000);
  const { app } = bench;
  const startAt = Date.now() - HISTORY_S * 1000;
  const race = await setUpRace(app, course, { riders: RIDERS, startAt });
  const peloton = Peloton.race(course.points, RIDERS);
  const replayed = await sendBatches(app, race, buildBatches(peloton, startAt, 1, HISTORY_S - 2, 3), 8);
  if (replayed.errors.length > 0) throw new Error(`history refused: ${replayed.errors[0]}`);
  await app.http.listen({ host: '127.0.0.1', port: 0, backlog: 4096 });
  // A few seconds live, so the state is a running race's, then no more fixes.
  const driver = new LiveDriver(app, race, peloton, startAt);
  driver.start();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await driver.stop();
  close = () => bench.close();
  drained = async () => {
    const clients = [...app.http.websocketServer.clients];
    for (let waited = 0; waited < 10_000 && clients.some((c) => c.bufferedAmount > 0); waited += 100)
      await new Promise((resolve) => setTimeout(resolve, 100));
  };
  const snapshot = app.services.processor.snapshot(race.stageId);
  if (!snapshot) throw new Error('the stage has no snapshot');
  const { port } = app.http.server.address() as AddressInfo;
  return {
    type: 'ready',
    url: `ws://127.0.0.1:${port}/api/v1/live`,
    stageId: race.stageId,
    snapshot: deflateRawSync(snapshot),
    client: 'echelon',
  };
}

async function startPeer(peer: BroadcastPeer, snapshot: Uint8Array): Promise<FromIdleServer> {
  const url = await peer.listen(Buffer.from(snapshot));
  close = () => peer.close();
  return { type: 'ready', url, stageId: 'idle', snapshot, client: peer.client };
}

process.on('message', (message: ToIdleServer) => {
  const reply = (m: FromIdleServer) => process.send!(m);
  if (message.type === 'start') {
    const started =
      message.kind === 'echelon'
        ? startEchelon()
        : startPeer(message.kind === 'ws' ? new WsBroadcast() : new SocketIoBroadcast(), message.snapshot!);
    void started.then(reply, (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  } else if (message.type === 'sample') {
    void drained()
      .then(() => settledMemory())
      .then((m) => reply({ type: 'sample', ...m }));
  } else {
    void close().finally(() => process.exit(0));
  }
});

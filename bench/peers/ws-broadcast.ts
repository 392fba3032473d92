// The bare `ws` peer: a WebSocket server and a Set of subscribers, the broadcast loop of ws's own README.
// It speaks Echelon's subscribe message (so the same spectators connect to it) but checks nothing: no
// routing, access, per-address limits, slow-consumer handling or sequence numbers: the floor a transport
// on `ws` can reach.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { BroadcastPeer } from './broadcast-peer.ts';

export class WsBroadcast implements BroadcastPeer {
  readonly name = 'ws';
  readonly client = 'echelon' as const;
  private readonly server = http.createServer();
  private readonly wss = new WebSocketServer({ server: this.server, maxPayload: 1024 * 1024 });
  private readonly members = new Set<WebSocket>();

  get subscribers(): number {
    return this.members.size;
  }

  async listen(snapshot: Buffer): Promise<string> {
    this.wss.on('connection', (socket) => {
      socket.on('error', () => socket.terminate());
      socket.on('message', () => {
        this.members.add(socket);
        socket.send(snapshot);
      });
      socket.on('close', () => this.members.delete(socket));
    });
    await new Promise<void>((resolve) =>
      this.server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, resolve),
    );
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  broadcast(frame: Buffer): number {
    let sent = 0;
    for (const socket of this.members) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      socket.send(frame);
      sent++;
    }
    return sent;
  }

  async close(): Promise<void> {
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

// The Socket.IO 4 peer: the WebSocket transport only (no long-polling upgrade), a room per stage, and
// `io.to(room).emit` of the recorded bytes as a binary attachment, which Socket.IO encodes once per
// broadcast. Its defaults otherwise (heartbeats, per-socket state, no per-message compression).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { BroadcastPeer } from './broadcast-peer.ts';

const ROOM = 'stage';

export class SocketIoBroadcast implements BroadcastPeer {
  readonly name = 'Socket.IO 4';
  readonly client = 'socket.io' as const;
  private readonly server = http.createServer();
  private readonly io = new Server(this.server, {
    transports: ['websocket'],
    serveClient: false,
    perMessageDeflate: false,
    maxHttpBufferSize: 1024 * 1024,
  });

  get subscribers(): number {
    return this.io.sockets.adapter.rooms.get(ROOM)?.size ?? 0;
  }

  async listen(snapshot: Buffer): Promise<string> {
    this.io.on('connection', (socket) => {
      socket.on('subscribe', () => {
        void socket.join(ROOM);
        socket.emit('frame', snapshot);
      });
    });
    await new Promise<void>((resolve) =>
      this.server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, resolve),
    );
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  broadcast(frame: Buffer): number {
    const count = this.subscribers;
    this.io.to(ROOM).emit('frame', frame);
    return count;
  }

  async close(): Promise<void> {
    this.io.disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}

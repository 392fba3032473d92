import type { WebSocket } from 'ws';

/**
 * Limits every WebSocket (spectators' live feed, trackers' native socket) lives under, so one slow or
 * abusive client costs the server a bounded amount of memory. The close codes are the application's
 * own (4000–4999), each with a reason a client can log.
 */
export const SOCKET_LIMITS = {
  /** A socket whose unsent bytes exceed this has stopped reading: it is closed, not queued for. */
  maxSendBufferBytes: 1024 * 1024,
  /** How long a spectator may stay too far behind to get frames before it is closed. */
  maxBehindMs: 30_000,
  /** Stages one live socket may follow at once (each may hold a stage's state in memory). */
  maxSubscriptionsPerSocket: 20,
  /** Open sockets per client address; a race's spectators behind one venue Wi-Fi still fit. */
  maxConnectionsPerAddress: 200,
} as const;

export const CLOSE_CODES = {
  /** The client does not read what it is sent (its send buffer is full). */
  slowConsumer: 4008,
  /** The credential the socket was opened with has been revoked. */
  revoked: 4401,
  /** Too many sockets from one address. */
  tooManyConnections: 4429,
} as const;

/** Closes the socket when its unsent bytes are over the limit; true when it did. */
export function closeIfOverBuffer(socket: WebSocket): boolean {
  if (socket.bufferedAmount <= SOCKET_LIMITS.maxSendBufferBytes) return false;
  socket.close(CLOSE_CODES.slowConsumer, 'Too slow: the server will not queue more for this socket');
  return true;
}

/** Open sockets per client address, refusing one past the limit. */
export class ConnectionsPerAddress {
  private readonly open = new Map<string, number>();
  /** Each admitted socket's address, for its 'close' listener: one listener for all, not a closure each. */
  private readonly addressOf = new WeakMap<WebSocket, string>();
  private readonly max: number;
  private readonly onSocketClose: (this: WebSocket) => void;

  constructor(max: number = SOCKET_LIMITS.maxConnectionsPerAddress) {
    this.max = max;
    const connections = this;
    this.onSocketClose = function onSocketClose(this: WebSocket) {
      connections.release(this);
    };
  }

  /**
   * Counts `socket` for `address` until it closes; closes it at once (4429) when the address is at the
   * limit. Returns whether it was admitted.
   */
  admit(socket: WebSocket, address: string): boolean {
    const count = this.open.get(address) ?? 0;
    if (count >= this.max) {
      socket.close(CLOSE_CODES.tooManyConnections, 'Too many connections from this address');
      return false;
    }
    this.open.set(address, count + 1);
    this.addressOf.set(socket, address);
    // 'close' is emitted once: `on` spares the wrapper `once` would keep for every open socket.
    socket.on('close', this.onSocketClose);
    return true;
  }

  private release(socket: WebSocket): void {
    const address = this.addressOf.get(socket);
    if (address === undefined) return;
    this.addressOf.delete(socket);
    const left = (this.open.get(address) ?? 1) - 1;
    if (left <= 0) this.open.delete(address);
    else this.open.set(address, left);
  }
}

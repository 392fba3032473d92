import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/**
 * Lets go of the HTTP upgrade once a WebSocket is open, so that a spectator watching for hours costs the
 * server its WebSocket and little else. Without this every socket keeps its upgrade alive: the error
 * listener @fastify/websocket adds closes over the Fastify request and reply (and their logger), and the
 * TCP socket keeps the hijacked response as its current message, which holds the IncomingMessage with its
 * headers. Together that was more heap than the WebSocket itself (bench/idle.ts measures it).
 *
 * Call it first thing in a `websocket: true` route's handler; keep nothing of `request` in the socket's
 * listeners afterwards (copy out what they need: the actor, the address, the request id).
 */
export function releaseUpgrade(
  socket: WebSocket,
  request: FastifyRequest,
  onError: SocketErrorListener,
): void {
  // `_httpMessage` is Node's link from a socket to the response being written on it; detachSocket is
  // the public way to undo assignSocket. Nothing writes to a hijacked response.
  const tcp = request.raw.socket as Socket & { _httpMessage?: ServerResponse | null };
  tcp._httpMessage?.detachSocket(tcp);
  // The plugin's listener is the only one on the WebSocket at this point: the same behaviour (log,
  // terminate), without the request and reply.
  socket.removeAllListeners('error');
  socket.on('error', onError);
}

export type SocketErrorListener = (this: WebSocket, error: Error) => void;

/**
 * The error listener of every socket of a route, made once (not a closure per socket): logs the error
 * and terminates the socket, as @fastify/websocket's own listener does.
 */
export function socketErrorListener(log: FastifyBaseLogger): SocketErrorListener {
  return function onSocketError(this: WebSocket, error: Error) {
    log.warn({ err: error }, 'websocket error');
    this.terminate();
  };
}

import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { releaseUpgrade, socketErrorListener } from '../../src/live/upgraded-socket.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Full collections until `ref` is gone or it clearly stays (weak references clear after a turn). */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 10 && ref.deref() !== undefined; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return ref.deref() === undefined;
}

describe('a WebSocket that lets go of its upgrade', () => {
  let app: FastifyInstance;
  let url: string;
  const log = { warn: vi.fn() };
  // What each route's last upgrade was: weakly, so holding it here keeps nothing alive.
  const last: Record<string, { request: WeakRef<object>; raw: WeakRef<object>; socket: WebSocket }> = {};

  beforeAll(async () => {
    app = Fastify();
    await app.register(fastifyWebsocket);
    const onError = socketErrorListener(log as unknown as FastifyBaseLogger);
    for (const route of ['released', 'kept']) {
      app.get(`/${route}`, { websocket: true }, (socket, request) => {
        if (route === 'released') releaseUpgrade(socket, request, onError);
        last[route] = { request: new WeakRef(request), raw: new WeakRef(request.raw), socket };
        socket.on('message', (data) => socket.send(`echo ${String(data)}`));
      });
    }
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  const connect = async (route: string) => {
    const client = new WebSocket(`${url}/${route}`);
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    // A round trip: the server's handler has run and the socket is in use.
    client.send('hello');
    const answer = await new Promise<string>((resolve) => client.once('message', (d) => resolve(String(d))));
    expect(answer).toBe('echo hello');
    return client;
  };

  it('keeps neither the request nor its IncomingMessage alive while the socket stays open', async () => {
    const kept = await connect('kept');
    const released = await connect('released');
    // Without releaseUpgrade the plugin's listener and the TCP socket keep both (the test can fail).
    expect(await collected(last.kept!.request)).toBe(false);
    expect(await collected(last.kept!.raw)).toBe(false);
    expect(await collected(last.released!.request)).toBe(true);
    expect(await collected(last.released!.raw)).toBe(true);
    // And the socket still works both ways.
    released.send('still there');
    expect(await new Promise((resolve) => released.once('message', (d) => resolve(String(d))))).toBe(
      'echo still there',
    );
    kept.close();
    released.close();
  });

  it('still logs an error on the socket and terminates it, as the plugin did', async () => {
    const client = await connect('released');
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    last.released!.socket.emit('error', new Error('invalid frame'));
    expect(await closed).toBe(1006);
    expect(log.warn).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.objectContaining({ message: 'invalid frame' }) }),
      'websocket error',
    );
  });
});

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { prepareMessage, sendPrepared } from '../../src/live/prepared-frames.ts';

/** A real ws server and one client connected to it: the server's socket and what the client receives. */
async function connected() {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: Array<{ data: Buffer; binary: boolean }> = [];
  client.on('message', (data: Buffer, binary: boolean) => received.push({ data, binary }));
  await once(client, 'open');
  const [socket] = await accepted;
  cleanups.push(async () => {
    client.terminate();
    for (const s of wss.clients) s.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const arrived = async (count: number) => {
    await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(count), { timeout: 5000 });
    return received;
  };
  return { socket, client, arrived };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('prepared frames', () => {
  it('arrive as the same text and binary messages socket.send would make, at every length encoding, in order', async () => {
    const { socket, arrived } = await connected();
    const short = '{"type":"delta","seq":1}';
    const medium = Buffer.alloc(1_700, 7); // 16-bit length
    const long = 'x'.repeat(70_000); // 64-bit length
    const edge = Buffer.alloc(125, 1); // the largest 7-bit length
    sendPrepared(socket, prepareMessage(short));
    socket.send('between, the ordinary way');
    sendPrepared(socket, prepareMessage(medium));
    sendPrepared(socket, prepareMessage(long));
    sendPrepared(socket, prepareMessage(edge));
    sendPrepared(socket, prepareMessage(Buffer.alloc(126, 2))); // the smallest 16-bit length
    const got = await arrived(6);
    expect(got.map((m) => m.binary)).toEqual([false, false, true, false, true, true]);
    expect(got[0]!.data.toString()).toBe(short);
    expect(got[1]!.data.toString()).toBe('between, the ordinary way');
    expect(got[2]!.data.equals(medium)).toBe(true);
    expect(got[3]!.data.toString()).toBe(long);
    expect(got[4]!.data.equals(edge)).toBe(true);
    expect(got[5]!.data.equals(Buffer.alloc(126, 2))).toBe(true);
  });

  it('one prepared message goes to many sockets as the same bytes', async () => {
    const a = await connected();
    const b = await connected();
    const message = prepareMessage(Buffer.from('the same frame for everyone'));
    sendPrepared(a.socket, message);
    sendPrepared(b.socket, message);
    expect((await a.arrived(1))[0]!.data.toString()).toBe('the same frame for everyone');
    expect((await b.arrived(1))[0]!.data.toString()).toBe('the same frame for everyone');
  });

  it('counts in bufferedAmount while a client does not read, so slow readers are still seen', async () => {
    const { socket, client } = await connected();
    // The client stops reading: the kernel buffers fill, then the server's socket buffers the rest.
    (client as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = prepareMessage(Buffer.alloc(256 * 1024, 3));
    for (let i = 0; i < 64; i++) sendPrepared(socket, big);
    expect(socket.bufferedAmount).toBeGreaterThan(1024 * 1024);
  });

  it('goes through socket.send when ws would not send at once itself (busy, queued, closing), or for a non-ws socket', () => {
    const sent: unknown[] = [];
    const busy = {
      readyState: 1,
      _sender: { _state: 1, _queue: [] },
      _socket: { writable: true, write: () => expect.unreachable('wrote past a busy sender') },
      send: (data: unknown) => sent.push(data),
    };
    const queued = { ...busy, _sender: { _state: 0, _queue: [['something']] } };
    const closing = { ...busy, readyState: 2, _sender: { _state: 0, _queue: [] } };
    const fake = { send: (data: unknown) => sent.push(data) };
    const message = prepareMessage('frame');
    for (const socket of [busy, queued, closing, fake]) sendPrepared(socket as unknown as WebSocket, message);
    expect(sent).toEqual(['frame', 'frame', 'frame', 'frame']);
  });

  it('frames by RFC 6455: FIN and opcode, then the length in 7, 16 or 64 bits', () => {
    expect([...prepareMessage('hi').framed]).toEqual([0x81, 2, 0x68, 0x69]);
    const medium = prepareMessage(Buffer.alloc(300)).framed;
    expect([...medium.subarray(0, 4)]).toEqual([0x82, 126, 1, 44]);
    const long = prepareMessage(Buffer.alloc(65_536)).framed;
    expect([...long.subarray(0, 10)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(long.length).toBe(65_546);
  });
});

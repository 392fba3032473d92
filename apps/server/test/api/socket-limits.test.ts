import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_CODES, SOCKET_LIMITS } from '../../src/live/socket-limits.ts';
import { databaseUnavailable } from '../support/databases.ts';
import { along, type LiveRace, setUpLiveRace } from '../support/live-race.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const opened = (socket: WebSocket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
const closed = (socket: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });

describe.skipIf(databaseUnavailable !== null)('WebSocket limits', () => {
  let t: TestApp;
  let race: LiveRace;
  let ws: string;
  const start = Date.now() - 5 * 60_000;

  beforeAll(async () => {
    t = await startTestApp({ tickMs: 100 });
    race = await setUpLiveRace(t, 3);
    await race.organiser.post(`/api/v1/races/${race.raceId}/status`, { status: 'live', at: start });
    await t.http.listen({ port: 0, host: '127.0.0.1' });
    ws = `ws://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('closes a spectator that asks for snapshots and never reads them (4008), and only that one', async () => {
    const reader = new WebSocket(`${ws}/api/v1/live`);
    const greedy = new WebSocket(`${ws}/api/v1/live`);
    await Promise.all([opened(reader), opened(greedy)]);
    const end = closed(greedy);
    greedy.pause();
    const request = JSON.stringify({ type: 'snapshot', stageId: race.stageId });
    const serverSide = () => [...t.http.websocketServer.clients];
    for (let i = 0; i < 20_000; i++) {
      greedy.send(request);
      if (i % 500 === 499) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (serverSide().some((s) => s.readyState !== s.OPEN)) break;
      }
    }
    // The server stopped queueing for it: at most the limit (plus the request in flight) waits for it.
    await expect
      .poll(() => serverSide().filter((s) => s.readyState === s.OPEN).length, { timeout: 10_000 })
      .toBe(1);
    for (const socket of serverSide()) {
      expect(socket.bufferedAmount).toBeLessThan(SOCKET_LIMITS.maxSendBufferBytes + 512 * 1024);
    }
    greedy.resume();
    expect((await end).code).toBe(CLOSE_CODES.slowConsumer);
    // The spectator who reads is still served.
    const answer = new Promise<string>((resolve) => reader.once('message', (data) => resolve(String(data))));
    reader.send(request);
    expect(JSON.parse(await answer).type).toBe('snapshot');
    reader.close();
  });

  it('caps the stages one socket follows', async () => {
    const extra: string[] = [];
    for (let i = 0; i < SOCKET_LIMITS.maxSubscriptionsPerSocket; i++) {
      extra.push(
        (await race.organiser.post(`/api/v1/races/${race.raceId}/stages`, { name: `Extra ${i}` })).json().id,
      );
    }
    const socket = new WebSocket(`${ws}/api/v1/live`);
    await opened(socket);
    const errors: Array<{ stageId?: string; detail: string }> = [];
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'error') errors.push(message);
    });
    for (const stageId of [race.stageId, ...extra])
      socket.send(JSON.stringify({ type: 'subscribe', stageId }));
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBe(1);
    expect(errors[0]!.detail).toMatch(/At most 20 stages per socket/);
    expect(errors[0]!.stageId).toBe(extra.at(-1));
    socket.close();
  });

  it('refuses sockets past the limit per address (4429)', async () => {
    const sockets = Array.from(
      { length: SOCKET_LIMITS.maxConnectionsPerAddress },
      () => new WebSocket(`${ws}/api/v1/live`),
    );
    await Promise.all(sockets.map(opened));
    const one = new WebSocket(`${ws}/api/v1/live`);
    expect((await closed(one)).code).toBe(CLOSE_CODES.tooManyConnections);
    await Promise.all(
      sockets.map((s) => {
        const done = closed(s);
        s.close();
        return done;
      }),
    );
    const again = new WebSocket(`${ws}/api/v1/live`);
    await opened(again);
    again.close();
  });

  it("closes a tracker's socket when its tokens are revoked (4401)", async () => {
    const rider = race.riders[0]!;
    const token = (await race.organiser.post(`/api/v1/registrations/${rider.id}/device-tokens`)).json().token;
    const socket = new WebSocket(`${ws}/api/v1/track?token=${token}`);
    await opened(socket);
    const answer = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    socket.send(JSON.stringify({ time: start + 60_000, ...along(400), accuracy: 5 }));
    expect(JSON.parse(await answer).accepted).toBe(1);
    const end = closed(socket);
    expect((await race.organiser.delete(`/api/v1/registrations/${rider.id}/device-tokens`)).statusCode).toBe(
      200,
    );
    expect((await end).code).toBe(CLOSE_CODES.revoked);
  });
});

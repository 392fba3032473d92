import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { LocalBus } from '../../src/live/bus.ts';
import { LiveGateway } from '../../src/live/gateway.ts';

/** Just enough of a ws socket: what the gateway reads and calls. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: Array<string | Buffer> = [];
  send(data: string | Buffer): void {
    this.sent.push(data);
  }
  closedWith: number | null = null;
  close(code?: number): void {
    this.closedWith = code ?? null;
    this.readyState = 3;
    this.emit('close');
  }
}

const setUp = () => {
  const bus = new LocalBus();
  let snapshot = 'snapshot@0';
  const gateway = new LiveGateway(bus, { snapshot: () => snapshot });
  const socket = new FakeSocket();
  return {
    bus,
    gateway,
    socket,
    ws: socket as unknown as WebSocket,
    setSnapshot: (s: string) => (snapshot = s),
  };
};

describe('live gateway', () => {
  it('sends the snapshot on subscription, then every frame as the same string', () => {
    const { bus, gateway, socket, ws } = setUp();
    const other = new FakeSocket();
    gateway.subscribe(ws, 'stage');
    gateway.subscribe(other as unknown as WebSocket, 'stage');
    bus.publishFrame('stage', 'delta@1');
    bus.publishFrame('elsewhere', 'not for us');
    expect(socket.sent).toEqual(['snapshot@0', 'delta@1']);
    expect(other.sent[1]).toBe(socket.sent[1]);
  });

  it('skips a slow consumer while its buffer is full, then resynchronises it with the latest snapshot', () => {
    const { bus, gateway, socket, ws, setSnapshot } = setUp();
    gateway.subscribe(ws, 'stage');
    socket.bufferedAmount = 512 * 1024;
    bus.publishFrame('stage', 'delta@1');
    bus.publishFrame('stage', 'delta@2');
    expect(socket.sent).toEqual(['snapshot@0']);
    socket.bufferedAmount = 0;
    setSnapshot('snapshot@3');
    bus.publishFrame('stage', 'delta@3');
    bus.publishFrame('stage', 'delta@4');
    expect(socket.sent).toEqual(['snapshot@0', 'snapshot@3', 'delta@4']);
  });

  it('closes a consumer that stops reading (4008) once its backlog passes the limit or it stays behind', () => {
    const { bus, gateway, socket, ws } = setUp();
    gateway.subscribe(ws, 'stage');
    socket.bufferedAmount = 10 * 1024 * 1024;
    bus.publishFrame('stage', 'delta@1');
    expect(socket.closedWith).toBe(4008);
    expect(gateway.connections).toBe(0);

    const late = setUp();
    late.gateway.subscribe(late.ws, 'stage');
    late.socket.bufferedAmount = 300 * 1024;
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now);
    late.bus.publishFrame('stage', 'delta@1');
    vi.spyOn(Date, 'now').mockReturnValue(now + 29_000);
    late.bus.publishFrame('stage', 'delta@2');
    expect(late.socket.closedWith).toBeNull();
    vi.spyOn(Date, 'now').mockReturnValue(now + 31_000);
    late.bus.publishFrame('stage', 'delta@3');
    expect(late.socket.closedWith).toBe(4008);
    vi.restoreAllMocks();
  });

  it('forgets a closed socket', () => {
    const { bus, gateway, socket, ws } = setUp();
    gateway.subscribe(ws, 'stage');
    expect(gateway.connections).toBe(1);
    socket.close();
    expect(gateway.connections).toBe(0);
    bus.publishFrame('stage', 'delta@1');
    expect(socket.sent).toEqual(['snapshot@0']);
  });

  it('counts the stages a socket follows, each once, and sends each stage only to its own subscribers', () => {
    const { bus, gateway, socket, ws } = setUp();
    gateway.subscribe(ws, 'a');
    gateway.subscribe(ws, 'b');
    gateway.subscribe(ws, 'a'); // again: a fresh snapshot, not a second subscription
    expect(gateway.subscriptions(ws)).toBe(2);
    expect(socket.listenerCount('close')).toBe(1);
    gateway.unsubscribe(ws, 'a');
    expect(gateway.subscriptions(ws)).toBe(1);
    expect(gateway.isSubscribed(ws, 'a')).toBe(false);
    bus.publishFrame('a', 'delta-a@1');
    bus.publishFrame('b', 'delta-b@1');
    expect(socket.sent).toEqual(['snapshot@0', 'snapshot@0', 'snapshot@0', 'delta-b@1']);
    socket.close();
    expect(gateway.subscriptions(ws)).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Connection, FeedClient } from '../../src/live/feed-client.ts';

const STAGE = '00000000-0000-4000-8000-000000000001';

/** Just enough of a browser WebSocket: records what the client sends, lets the test answer. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  sent: Array<Record<string, unknown>> = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('live feed client', () => {
  let connections: Connection[];
  let client: FeedClient;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    connections = [];
    client = new FeedClient(STAGE, {
      url: 'ws://test/api/v1/live',
      compressed: false,
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    });
    client.subscribe((_state, connection) => connections.push(connection));
  });
  afterEach(() => {
    client.close();
    vi.useRealTimers();
  });

  it('asks again on the same socket, with backoff, when the server is briefly unable to answer', async () => {
    const socket = FakeSocket.all[0]!;
    socket.open();
    expect(socket.sent).toEqual([{ type: 'subscribe', stageId: STAGE, encoding: 'json' }]);
    socket.receive({ type: 'error', stageId: STAGE, code: 'unavailable', detail: 'busy' });
    await flush();
    await vi.advanceTimersByTimeAsync(300);
    expect(socket.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.sent).toHaveLength(2);
    expect(socket.sent[1]).toMatchObject({ type: 'subscribe', stageId: STAGE });
    expect(FakeSocket.all).toHaveLength(1);
    expect(connections.at(-1)).toBe('reconnecting');
  });

  it('stops, and says so, when the stage is not there or not public', async () => {
    const socket = FakeSocket.all[0]!;
    socket.open();
    socket.receive({ type: 'error', stageId: STAGE, code: 'not-found', detail: 'No such stage' });
    await flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(connections.at(-1)).toBe('closed');
    expect(FakeSocket.all).toHaveLength(1);
    expect(socket.sent).toHaveLength(1);
  });

  it('ignores an error about another stage', async () => {
    const socket = FakeSocket.all[0]!;
    socket.open();
    socket.receive({
      type: 'error',
      stageId: '00000000-0000-4000-8000-000000000002',
      code: 'not-found',
      detail: 'x',
    });
    await flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(connections).not.toContain('closed');
    expect(socket.readyState).toBe(1);
  });
});

/**
 * A tab left open through a server upgrade meets a feed version it cannot read: it reloads once for
 * the new code. The reloaded page may still get the old code (a cache) or be newer than the server: it
 * must then stop, not reload again — however long it took to get its snapshot.
 */
describe('live feed client of another feed version', () => {
  const reload = vi.fn();
  const snapshot = (v: number) => ({
    type: 'snapshot',
    v,
    stageId: STAGE,
    raceId: '00000000-0000-4000-8000-000000000009',
    seq: 1,
    at: Date.now(),
    status: 'running',
    startedAt: Date.now() - 60_000,
    length: 10_000,
    riders: [],
    groups: [],
    checkpoints: [],
    announcements: [],
  });
  /** A page load: a new client on a new socket, the tab's session storage kept. */
  const page = () => {
    const connections: Connection[] = [];
    const client = new FeedClient(STAGE, {
      url: 'ws://test/api/v1/live',
      compressed: false,
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    });
    client.subscribe((_state, connection) => connections.push(connection));
    const socket = FakeSocket.all.at(-1)!;
    socket.open();
    return { client, socket, connections };
  };

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    sessionStorage.clear();
    reload.mockClear();
    vi.stubGlobal('location', { ...window.location, reload });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('reloads once, and the reloaded page that meets the same version stops instead of looping', async () => {
    const first = page();
    first.socket.receive(snapshot(3));
    await flush();
    expect(reload).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(first.connections.at(-1)).toBe('closed');
    expect(first.socket.readyState).toBe(3);

    // The reloaded page got the old code again, and its snapshot came late (the server was busy).
    for (let load = 0; load < 5; load++) {
      await vi.advanceTimersByTimeAsync(90_000);
      const again = page();
      again.socket.receive(snapshot(3));
      await flush();
      await vi.advanceTimersByTimeAsync(1000);
      expect(again.connections.at(-1)).toBe('closed');
      expect(FakeSocket.all.filter((s) => s.readyState !== 3)).toEqual([]);
    }
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('reads its own version, and reloads once more for a later upgrade', async () => {
    const current = page();
    current.socket.receive(snapshot(2));
    await flush();
    await vi.advanceTimersByTimeAsync(1000);
    expect(current.connections.at(-1)).toBe('live');
    expect(reload).not.toHaveBeenCalled();
    current.client.close();

    sessionStorage.setItem('echelon-feed-reloaded', '3');
    const upgraded = page();
    upgraded.socket.receive(snapshot(4));
    await flush();
    expect(reload).toHaveBeenCalledTimes(1);
  });
});

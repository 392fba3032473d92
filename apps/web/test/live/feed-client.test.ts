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

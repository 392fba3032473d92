// Child process of the fanout benchmark: opens spectator WebSockets to the live feed, subscribes each to
// the stage, and notes when every frame arrives (wall clock) and how many bytes it took. Kept apart from
// the server so the clients' work never runs on the server's event loop. Driven over IPC by fanout.ts.
// `client: 'socket.io'` connects with socket.io-client instead (the Socket.IO peer, bench/peers/).
import { inflateRawSync } from 'node:zlib';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { wallNow } from './support/stats.ts';

export type ToSpectators =
  | {
      type: 'open';
      url: string;
      stageId: string;
      count: number;
      chunk: number;
      /** `echelon`: a WebSocket sending Echelon's subscribe message (Echelon, the bare `ws` peer). */
      client?: 'echelon' | 'socket.io';
    }
  | { type: 'mark' }
  | { type: 'report'; ticks: Array<[number, number]>; from: number; to: number }
  | { type: 'close' };

export type FromSpectators =
  | { type: 'progress'; subscribed: number }
  | { type: 'opened'; subscribed: number; failed: number; lastError: string }
  | {
      type: 'report';
      /** Subscribed connections still open. */
      open: number;
      /** Of those, how many received a delta for every seq of the window. */
      complete: number;
      /** Receipt − tick publish time, ms, for every (connection, seq) of the window received as a delta. */
      latencies: Float64Array;
      /** Bytes received in the window (payload + WebSocket header), all connections together. */
      bytes: number;
      /** Snapshots received instead of deltas (a connection fell behind and was resynchronised). */
      resyncs: number;
      closed: number;
      cpuMs: number;
    };

const DELTA = 'd'.charCodeAt(0);
const SEQ = Buffer.from('"seq":');

interface Connection {
  terminate: () => void;
  subscribed: boolean;
  closed: boolean;
  /** Socket.IO: wire bytes of packets received since its last frame (headers, pings), added to the next. */
  pending: number;
}

const connections: Connection[] = [];
/** seq → receipt time per connection (NaN: not received as a delta). */
const receipts = new Map<number, Float64Array>();
/** seq → bytes received carrying that seq (deltas and resync snapshots), all connections together. */
const bytesBySeq = new Map<number, number>();
let resyncs = 0;
let capacity = 0;
let cpuMark = process.cpuUsage();

const send = (message: FromSpectators) => process.send!(message);

function readSeq(data: Buffer): number {
  const at = data.indexOf(SEQ);
  if (at < 0) return -1;
  let seq = 0;
  for (let i = at + SEQ.length; i < data.length; i++) {
    const c = data[i]! - 48;
    if (c < 0 || c > 9) break;
    seq = seq * 10 + c;
  }
  return seq;
}

const SNAPSHOT = 's'.charCodeAt(0);

/**
 * Spectators take the feed as raw DEFLATE, as the web app does (ENCODING=json for the plain text). Every
 * connection gets the same bytes for a frame, so each distinct frame is inflated once, not per socket.
 */
const ENCODING = process.env.ECHELON_BENCH_ENCODING === 'json' ? 'json' : 'deflate';
const inflatedCache = new Map<string, Buffer>();
function plain(data: Buffer): Buffer {
  if (ENCODING === 'json') return data;
  const key = `${data.length}:${data.toString('base64', 0, 32)}:${data.toString('base64', Math.max(0, data.length - 32))}`;
  let text = inflatedCache.get(key);
  if (!text) {
    text = inflateRawSync(data);
    inflatedCache.set(key, text);
    if (inflatedCache.size > 16) inflatedCache.delete(inflatedCache.keys().next().value!);
  }
  return text;
}

/** A WebSocket frame's header size for a payload of `length` bytes (server to client: unmasked). */
const headerOf = (length: number) => (length < 126 ? 2 : length < 65536 ? 4 : 10);

function onMessage(index: number, wire: Buffer, subscribed: (error: string | null) => void): void {
  const now = wallNow();
  const data = plain(wire);
  const c = connections[index]!;
  const overhead = c.pending;
  c.pending = 0;
  if (!c.subscribed) {
    // The answer to the subscription: the snapshot, or an error.
    if (data[9] === SNAPSHOT) {
      c.subscribed = true;
      subscribed(null);
    } else subscribed(data.toString('utf8', 0, 200));
    return;
  }
  const seq = readSeq(data);
  if (seq < 0) return;
  // Socket.IO counts its packets itself (`pending`): the frame's bytes are among them.
  const bytes = overhead > 0 ? overhead : wire.length + headerOf(wire.length);
  bytesBySeq.set(seq, (bytesBySeq.get(seq) ?? 0) + bytes);
  if (data[9] !== DELTA) {
    resyncs++;
    return;
  }
  let times = receipts.get(seq);
  if (!times) {
    times = new Float64Array(capacity).fill(Number.NaN);
    receipts.set(seq, times);
  }
  times[index] = now;
}

function openOne(url: string, stageId: string): Promise<string | null> {
  const index = connections.length;
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const c: Connection = {
      terminate: () => socket.terminate(),
      subscribed: false,
      closed: false,
      pending: 0,
    };
    connections.push(c);
    const timeout = setTimeout(() => resolve('no snapshot within 30 s'), 30_000);
    const subscribed = (error: string | null) => {
      clearTimeout(timeout);
      resolve(error);
    };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'subscribe', stageId, encoding: ENCODING })));
    socket.on('message', (data: Buffer) => onMessage(index, data, subscribed));
    socket.on('error', (error) => {
      clearTimeout(timeout);
      resolve(error.message);
    });
    socket.on('close', () => {
      c.closed = true;
      clearTimeout(timeout);
      resolve('closed');
    });
  });
}

/** The same spectator on Socket.IO: subscribe as an event, frames as binary `frame` events. */
function openSocketIo(url: string, stageId: string): Promise<string | null> {
  const index = connections.length;
  return new Promise((resolve) => {
    const socket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 30_000,
    });
    const c: Connection = {
      terminate: () => socket.disconnect(),
      subscribed: false,
      closed: false,
      pending: 0,
    };
    connections.push(c);
    const timeout = setTimeout(() => resolve('no snapshot within 30 s'), 30_000);
    const subscribed = (error: string | null) => {
      clearTimeout(timeout);
      resolve(error);
    };
    // Every Engine.IO packet as it came over the wire: text packets carry their type as one more
    // character; binary attachments go as they are.
    socket.io.on('open', () => {
      socket.io.engine.on('packet', (packet: { data?: unknown }) => {
        const length =
          typeof packet.data === 'string'
            ? 1 + Buffer.byteLength(packet.data)
            : packet.data instanceof ArrayBuffer || ArrayBuffer.isView(packet.data)
              ? (packet.data as ArrayBufferLike).byteLength
              : 1;
        c.pending += length + headerOf(length);
      });
    });
    socket.on('connect', () => socket.emit('subscribe', { stageId, encoding: ENCODING }));
    socket.on('frame', (data: Buffer | ArrayBuffer) =>
      onMessage(index, Buffer.isBuffer(data) ? data : Buffer.from(data), subscribed),
    );
    socket.on('connect_error', (error) => {
      clearTimeout(timeout);
      resolve(error.message);
    });
    socket.on('disconnect', () => {
      c.closed = true;
      clearTimeout(timeout);
      resolve('closed');
    });
  });
}

async function open(message: Extract<ToSpectators, { type: 'open' }>): Promise<void> {
  capacity = message.count;
  const connect = message.client === 'socket.io' ? openSocketIo : openOne;
  let failed = 0;
  let lastError = '';
  for (let i = 0; i < message.count; i += message.chunk) {
    const n = Math.min(message.chunk, message.count - i);
    const results = await Promise.all(Array.from({ length: n }, () => connect(message.url, message.stageId)));
    for (const error of results) {
      if (error !== null) {
        failed++;
        lastError = error;
      }
    }
    send({ type: 'progress', subscribed: connections.filter((c) => c.subscribed).length });
  }
  send({ type: 'opened', subscribed: connections.filter((c) => c.subscribed).length, failed, lastError });
}

function report(message: Extract<ToSpectators, { type: 'report' }>): void {
  const cpu = process.cpuUsage(cpuMark);
  const ticks = new Map(message.ticks);
  const latencies: number[] = [];
  let bytes = 0;
  const missing = new Uint8Array(connections.length);
  for (let seq = message.from; seq <= message.to; seq++) {
    bytes += bytesBySeq.get(seq) ?? 0;
    const times = receipts.get(seq);
    const tickAt = ticks.get(seq);
    for (let i = 0; i < connections.length; i++) {
      const t = times?.[i] ?? Number.NaN;
      if (Number.isNaN(t) || tickAt === undefined) missing[i] = 1;
      else latencies.push(t - tickAt);
    }
  }
  let open = 0;
  let complete = 0;
  let closed = 0;
  connections.forEach((c, i) => {
    if (c.closed) closed++;
    if (!c.subscribed || c.closed) return;
    open++;
    if (!missing[i]) complete++;
  });
  send({
    type: 'report',
    open,
    complete,
    latencies: Float64Array.from(latencies),
    bytes,
    resyncs,
    closed,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
}

process.on('message', (message: ToSpectators) => {
  if (message.type === 'open') void open(message);
  else if (message.type === 'mark') cpuMark = process.cpuUsage();
  else if (message.type === 'report') report(message);
  else if (message.type === 'close') {
    for (const c of connections) c.terminate();
    process.disconnect();
  }
});

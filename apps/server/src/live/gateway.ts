import { deflateRawSync } from 'node:zlib';
import type { WebSocket } from 'ws';
import type { Bus } from './bus.ts';
import { type PreparedMessage, prepareMessage, sendPrepared } from './prepared-frames.ts';
import type { ScalableBus } from './scalable-bus.ts';
import { CLOSE_CODES, closeIfOverBuffer, SOCKET_LIMITS } from './socket-limits.ts';

export type FeedEncoding = 'json' | 'deflate';

/** Frames kept compressed and framed: a tick's delta and snapshot for each of a few stages live at once. */
const COMPRESSED_KEPT = 16;
/** Frames kept framed as text: fewer (a few clients ask for plain JSON), each a copy of its string. */
const TEXT_KEPT = 4;

/** Past this many bytes waiting in a socket's buffer, a spectator is behind: it skips to the latest state. */
const BEHIND_BYTES = 256 * 1024;

interface Subscriber {
  socket: WebSocket;
  stageId: string;
  encoding: FeedEncoding;
  /** Missed frames: the next thing it gets is a fresh snapshot, not the frames it missed. */
  behind: boolean;
  /** Since when (epoch ms) it has been behind without catching up. */
  behindSince: number;
  /** The seq of the last snapshot or frame it was sent; -1 when unknown (frames without one). */
  seq: number;
}

export interface SnapshotSource {
  snapshot(stageId: string): string | null;
}

/**
 * The gateway role: spectators subscribe to stages; each tick's frame arrives serialised once and the
 * same string goes to every subscriber. A slow consumer never accumulates a queue: while its socket
 * buffer is full it is skipped, then resynchronised with the latest snapshot.
 */
export class LiveGateway {
  private readonly stages = new Map<string, Set<Subscriber>>();
  /**
   * Each socket's subscriptions: a short array (a spectator follows one stage, at most
   * SOCKET_LIMITS.maxSubscriptionsPerSocket), not a Map each: thousands of idle sockets hold these.
   */
  private readonly bySocket = new Map<WebSocket, Subscriber[]>();
  private readonly source: SnapshotSource;
  private readonly compressed = new Map<string, PreparedMessage>();
  private readonly text = new Map<string, PreparedMessage>();
  private readonly off: () => void;
  /** Per-stage frame subscriptions (several processes): only stages someone here watches. */
  private readonly watching = new Map<string, () => void>();
  private readonly bus: Bus & Pick<ScalableBus, 'watchFrames'>;
  private readonly perStage: boolean;
  /** The 'close' listener of every socket (`this` is the socket). */
  private readonly onSocketClose: (this: WebSocket) => void;

  /**
   * `perStage`: subscribe to each watched stage's frames on its own (the NATS bus, where a gateway
   * should not receive every stage's frames); otherwise one subscription to all frames.
   */
  constructor(
    bus: Bus & Pick<ScalableBus, 'watchFrames'>,
    source: SnapshotSource,
    options: { perStage?: boolean } = {},
  ) {
    this.source = source;
    this.bus = bus;
    const gateway = this;
    this.onSocketClose = function onSocketClose(this: WebSocket) {
      gateway.drop(this);
    };
    this.perStage = Boolean(options.perStage && bus.watchFrames);
    this.off = this.perStage ? () => {} : bus.onFrame((stageId, frame) => this.broadcast(stageId, frame));
  }

  get connections(): number {
    return this.bySocket.size;
  }

  isSubscribed(socket: WebSocket, stageId: string): boolean {
    return this.subscriberOf(socket, stageId) !== undefined;
  }

  /** How many stages the socket follows here. */
  subscriptions(socket: WebSocket): number {
    return this.bySocket.get(socket)?.length ?? 0;
  }

  subscribe(socket: WebSocket, stageId: string, encoding: FeedEncoding = 'json'): void {
    const mine = this.bySocket.get(socket);
    if (!mine?.some((s) => s.stageId === stageId)) {
      let set = this.stages.get(stageId);
      if (!set) {
        set = new Set();
        this.stages.set(stageId, set);
        if (this.perStage) {
          this.watching.set(
            stageId,
            this.bus.watchFrames!(stageId, (frame) => this.broadcast(stageId, frame)),
          );
        }
      }
      const subscriber: Subscriber = { socket, stageId, encoding, behind: false, behindSince: 0, seq: -1 };
      set.add(subscriber);
      if (mine) mine.push(subscriber);
      else {
        // A one-element array literal is sized to fit; `[]` then push would reserve room for 16.
        this.bySocket.set(socket, [subscriber]);
        // 'close' is emitted once: `on` spares the wrapper `once` would keep per socket, and the one
        // listener of every socket spares a closure each.
        socket.on('close', this.onSocketClose);
      }
    }
    this.sendSnapshot(socket, stageId);
  }

  unsubscribe(socket: WebSocket, stageId: string): void {
    const mine = this.bySocket.get(socket);
    const at = mine?.findIndex((s) => s.stageId === stageId) ?? -1;
    if (!mine || at < 0) return;
    const [subscriber] = mine.splice(at, 1);
    this.leave(stageId, subscriber!);
  }

  sendSnapshot(socket: WebSocket, stageId: string): void {
    const snapshot = this.source.snapshot(stageId);
    if (!snapshot) return;
    const subscriber = this.subscriberOf(socket, stageId);
    if (subscriber) subscriber.seq = seqOf(snapshot);
    const encoding = subscriber?.encoding ?? 'json';
    sendPrepared(socket, encoding === 'deflate' ? this.deflated(snapshot) : this.framed(snapshot));
  }

  close(): void {
    this.off();
    for (const stop of this.watching.values()) stop();
    this.watching.clear();
    for (const socket of this.bySocket.keys()) socket.close(1001, 'server shutting down');
  }

  /**
   * The compressed form of a frame, made and framed once however many subscribers want it: a raw DEFLATE
   * stream a browser opens with DecompressionStream('deflate-raw'). The last few are kept (a tick's
   * snapshot repeats for everyone who subscribes before the next): few, since a 200-rider snapshot is
   * ~90 KB of string kept as the key (64 of them were 6 MB, a fifth of what 10,000 idle spectators cost).
   */
  private deflated(frame: string): PreparedMessage {
    let message = this.compressed.get(frame);
    if (!message) {
      message = prepareMessage(deflateRawSync(frame));
      keep(this.compressed, frame, message, COMPRESSED_KEPT);
    }
    return message;
  }

  /** A frame as a text message, framed once for every plain-JSON subscriber. */
  private framed(frame: string): PreparedMessage {
    let message = this.text.get(frame);
    if (!message) {
      message = prepareMessage(frame);
      keep(this.text, frame, message, TEXT_KEPT);
    }
    return message;
  }

  private broadcast(stageId: string, frame: string): void {
    const subscribers = this.stages.get(stageId);
    if (!subscribers) return;
    const seq = seqOf(frame);
    const whole = frame.startsWith('{"type":"snapshot"');
    // Framed once per encoding when the first subscriber wanting it is reached.
    let compressed: PreparedMessage | undefined;
    let text: PreparedMessage | undefined;
    for (const subscriber of subscribers) {
      const { socket } = subscriber;
      if (socket.readyState !== socket.OPEN) continue;
      if (socket.bufferedAmount > BEHIND_BYTES) {
        if (!subscriber.behind) subscriber.behindSince = Date.now();
        subscriber.behind = true;
        // A client that never reads is closed rather than kept (and skipped) for ever.
        if (Date.now() - subscriber.behindSince > SOCKET_LIMITS.maxBehindMs || closeIfOverBuffer(socket)) {
          if (socket.readyState === socket.OPEN) {
            socket.close(CLOSE_CODES.slowConsumer, 'Too slow: reconnect when you can keep up');
          }
        }
        continue;
      }
      if (subscriber.behind) {
        subscriber.behind = false;
        this.sendSnapshot(socket, stageId);
        continue;
      }
      if (seq >= 0 && !whole) {
        // Across processes the snapshot (key-value store) and the frames (a subject) travel apart:
        // never send a frame the snapshot already contains, nor one that skips a number (nor a first
        // delta to someone who subscribed before the stage had a snapshot).
        if (subscriber.seq >= 0 && seq <= subscriber.seq) continue;
        if (seq !== subscriber.seq + 1 && !this.catchUp(subscriber, stageId, seq)) continue;
        if (subscriber.seq >= seq) continue;
      }
      if (seq >= 0) subscriber.seq = seq;
      if (subscriber.encoding === 'deflate') {
        compressed ??= this.deflated(frame);
        sendPrepared(socket, compressed);
      } else {
        text ??= this.framed(frame);
        sendPrepared(socket, text);
      }
    }
  }

  /** A subscriber whose next frame would leave a gap gets the latest snapshot, if it is recent enough. */
  private catchUp(subscriber: Subscriber, stageId: string, seq: number): boolean {
    const snapshot = this.source.snapshot(stageId);
    if (!snapshot || seqOf(snapshot) < seq - 1) return false;
    this.sendSnapshot(subscriber.socket, stageId);
    return true;
  }

  private subscriberOf(socket: WebSocket, stageId: string): Subscriber | undefined {
    return this.bySocket.get(socket)?.find((s) => s.stageId === stageId);
  }

  private leave(stageId: string, subscriber: Subscriber): void {
    const set = this.stages.get(stageId);
    if (!set) return;
    set.delete(subscriber);
    if (set.size > 0) return;
    this.stages.delete(stageId);
    this.watching.get(stageId)?.();
    this.watching.delete(stageId);
  }

  private drop(socket: WebSocket): void {
    const mine = this.bySocket.get(socket);
    if (!mine) return;
    for (const subscriber of mine) this.leave(subscriber.stageId, subscriber);
    this.bySocket.delete(socket);
  }
}

/** Keeps `message` under `frame`, forgetting the oldest past `max`. */
function keep(
  kept: Map<string, PreparedMessage>,
  frame: string,
  message: PreparedMessage,
  max: number,
): void {
  kept.set(frame, message);
  if (kept.size > max) kept.delete(kept.keys().next().value!);
}

/** A frame's or snapshot's number, read from its first bytes (it comes right after the ids); -1 if none. */
function seqOf(json: string): number {
  const match = /"seq":(\d+)/.exec(json.slice(0, 200));
  return match ? Number(match[1]) : -1;
}

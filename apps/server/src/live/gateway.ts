import { deflateRawSync } from 'node:zlib';
import type { WebSocket } from 'ws';
import type { Bus } from './bus.ts';

export type FeedEncoding = 'json' | 'deflate';

/** Past this many bytes waiting in a socket's buffer, a spectator is behind: it skips to the latest state. */
const BEHIND_BYTES = 256 * 1024;

interface Subscriber {
  socket: WebSocket;
  encoding: FeedEncoding;
  /** Missed frames: the next thing it gets is a fresh snapshot, not the frames it missed. */
  behind: boolean;
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
  private readonly bySocket = new Map<WebSocket, Map<string, Subscriber>>();
  private readonly source: SnapshotSource;
  private readonly compressed = new Map<string, Buffer>();
  private readonly off: () => void;

  constructor(bus: Bus, source: SnapshotSource) {
    this.source = source;
    this.off = bus.onFrame((stageId, frame) => this.broadcast(stageId, frame));
  }

  get connections(): number {
    return this.bySocket.size;
  }

  subscribe(socket: WebSocket, stageId: string, encoding: FeedEncoding = 'json'): void {
    let mine = this.bySocket.get(socket);
    if (!mine) {
      mine = new Map();
      this.bySocket.set(socket, mine);
      socket.once('close', () => this.drop(socket));
    }
    if (!mine.has(stageId)) {
      const subscriber: Subscriber = { socket, encoding, behind: false };
      mine.set(stageId, subscriber);
      let set = this.stages.get(stageId);
      if (!set) {
        set = new Set();
        this.stages.set(stageId, set);
      }
      set.add(subscriber);
    }
    this.sendSnapshot(socket, stageId);
  }

  unsubscribe(socket: WebSocket, stageId: string): void {
    const subscriber = this.bySocket.get(socket)?.get(stageId);
    if (!subscriber) return;
    this.bySocket.get(socket)!.delete(stageId);
    this.stages.get(stageId)?.delete(subscriber);
  }

  sendSnapshot(socket: WebSocket, stageId: string): void {
    const snapshot = this.source.snapshot(stageId);
    if (!snapshot) return;
    const encoding = this.bySocket.get(socket)?.get(stageId)?.encoding ?? 'json';
    socket.send(encoding === 'deflate' ? this.deflated(snapshot) : snapshot);
  }

  close(): void {
    this.off();
    for (const socket of this.bySocket.keys()) socket.close(1001, 'server shutting down');
  }

  /**
   * The compressed form of a frame, made once however many subscribers want it: a raw DEFLATE stream
   * a browser opens with DecompressionStream('deflate-raw'). The last few are kept (snapshots repeat).
   */
  private deflated(frame: string): Buffer {
    let bytes = this.compressed.get(frame);
    if (!bytes) {
      bytes = deflateRawSync(frame);
      this.compressed.set(frame, bytes);
      if (this.compressed.size > 64) this.compressed.delete(this.compressed.keys().next().value!);
    }
    return bytes;
  }

  private broadcast(stageId: string, frame: string): void {
    const subscribers = this.stages.get(stageId);
    if (!subscribers) return;
    for (const subscriber of subscribers) {
      const { socket } = subscriber;
      if (socket.readyState !== socket.OPEN) continue;
      if (socket.bufferedAmount > BEHIND_BYTES) {
        subscriber.behind = true;
        continue;
      }
      if (subscriber.behind) {
        subscriber.behind = false;
        this.sendSnapshot(socket, stageId);
        continue;
      }
      socket.send(subscriber.encoding === 'deflate' ? this.deflated(frame) : frame);
    }
  }

  private drop(socket: WebSocket): void {
    const mine = this.bySocket.get(socket);
    if (!mine) return;
    for (const [stageId, subscriber] of mine) this.stages.get(stageId)?.delete(subscriber);
    this.bySocket.delete(socket);
  }
}

import type { LiveDelta, LiveError, LiveSnapshot } from '../api/types.ts';
import { applyDelta, type FeedState, fromSnapshot } from './feed-state.ts';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'closed';

export type FeedListener = (state: FeedState | null, connection: Connection) => void;

interface Options {
  /** ws(s)://host/api/v1/live by default, from the page's own origin. */
  url?: string;
  /** Raw DEFLATE frames when the browser can inflate them (about a fifth of the bytes). */
  compressed?: boolean;
  WebSocketImpl?: typeof WebSocket;
}

const MAX_BACKOFF_MS = 15_000;
/** The feed's wire version this client reads (typed from the contract, so a new one fails the build). */
const FEED_VERSION: LiveSnapshot['v'] = 2;
const RELOADED_KEY = 'echelon-feed-reloaded';

/**
 * One stage's live feed over WS /api/v1/live: subscribes, applies the snapshot and every delta, asks
 * for a fresh snapshot when a frame was missed, and reconnects with backoff when the socket drops.
 * Listeners hear at most once per animation frame, however many frames arrive in a burst — the map
 * and the leaderboard redraw once, not once per frame (as traccar-web coalesces position bursts).
 */
export class FeedClient {
  private readonly stageId: string;
  private readonly options: Options;
  private socket: WebSocket | null = null;
  private state: FeedState | null = null;
  private connection: Connection = 'connecting';
  private readonly listeners = new Set<FeedListener>();
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private notifyPending = false;
  private closed = false;
  /** Decoding is asynchronous (DecompressionStream): a chain keeps frames in arrival order. */
  private decoding: Promise<void> = Promise.resolve();

  constructor(stageId: string, options: Options = {}) {
    this.stageId = stageId;
    this.options = options;
    this.open();
  }

  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    listener(this.state, this.connection);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
    this.setConnection('closed');
  }

  private get compressed(): boolean {
    return (this.options.compressed ?? true) && typeof DecompressionStream !== 'undefined';
  }

  private open(): void {
    const Impl = this.options.WebSocketImpl ?? WebSocket;
    const url =
      this.options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
    const socket = new Impl(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.sendSubscribe();
    };
    socket.onmessage = (event: MessageEvent) => {
      const data = event.data as string | ArrayBuffer;
      this.decoding = this.decoding.then(async () => {
        try {
          this.receive(JSON.parse(typeof data === 'string' ? data : await inflate(data)));
        } catch {
          // A frame we cannot read: start again from a snapshot rather than show a wrong state.
          this.requestSnapshot();
        }
      });
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed) return;
      this.setConnection('reconnecting');
      this.retryTimer = setTimeout(() => this.open(), this.nextBackoff());
    };
  }

  private sendSubscribe(): void {
    if (this.socket?.readyState !== 1) return;
    this.socket.send(
      JSON.stringify({
        type: 'subscribe',
        stageId: this.stageId,
        encoding: this.compressed ? 'deflate' : 'json',
      }),
    );
  }

  /** Exponential with jitter, so a crowd that lost its gateway does not come back all at once. */
  private nextBackoff(): number {
    const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts) * (0.75 + Math.random() / 2);
    this.attempts += 1;
    return backoff;
  }

  private refused(error: LiveError): void {
    if (error.stageId !== undefined && error.stageId !== this.stageId) return;
    if (error.code === 'unavailable') {
      // The server could not answer for a moment (its database, say): ask again on the same socket.
      this.setConnection('reconnecting');
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.sendSubscribe(), this.nextBackoff());
    } else if (error.code === 'not-found') {
      // Private or gone: nothing to wait for.
      this.closed = true;
      this.socket?.close();
      this.setConnection('closed');
    }
  }

  private receive(frame: LiveSnapshot | LiveDelta | LiveError | { type: string }): void {
    if (frame.type === 'error') {
      this.refused(frame as LiveError);
      return;
    }
    if (frame.type === 'snapshot') {
      const snapshot = frame as LiveSnapshot;
      if (snapshot.stageId !== this.stageId) return;
      if (snapshot.v !== FEED_VERSION) {
        this.outdated(snapshot.v);
        return;
      }
      const version = this.state ? this.state.version + 1 : 0;
      this.state = fromSnapshot(snapshot);
      this.state.version = version;
      this.attempts = 0;
      this.setConnection('live');
      return;
    }
    if (frame.type !== 'delta' || !this.state) return;
    const delta = frame as LiveDelta;
    if (delta.stageId !== this.stageId) return;
    const outcome = applyDelta(this.state, delta);
    if (outcome === 'gap') this.requestSnapshot();
    else if (outcome === 'applied') this.scheduleNotify();
  }

  /**
   * The server speaks another version of the feed: this page's code is older than the server (a tab
   * left open through an upgrade). Reload once for the new code; if the reloaded page meets the same
   * server version again (a cache still serving old code, or a server older than this page), it stops
   * with the feed closed — never a loop, however long the reloaded page took to get its snapshot. The
   * tab remembers which server version it reloaded for, so a later upgrade earns one reload of its own.
   * Without session storage there is no way to know, so it does not reload at all.
   */
  private outdated(serverVersion: unknown): void {
    this.closed = true;
    this.socket?.close();
    this.setConnection('closed');
    const reloadedFor = String(serverVersion);
    try {
      if (sessionStorage.getItem(RELOADED_KEY) === reloadedFor) return;
      sessionStorage.setItem(RELOADED_KEY, reloadedFor);
    } catch {
      return;
    }
    location.reload();
  }

  private requestSnapshot(): void {
    if (this.socket?.readyState === 1) {
      this.socket.send(JSON.stringify({ type: 'snapshot', stageId: this.stageId }));
    }
  }

  private setConnection(connection: Connection): void {
    this.connection = connection;
    this.scheduleNotify();
  }

  private scheduleNotify(): void {
    if (this.notifyPending) return;
    this.notifyPending = true;
    const run = () => {
      this.notifyPending = false;
      for (const listener of this.listeners) listener(this.state, this.connection);
    };
    // Hidden tabs get no animation frames; a timer keeps the state current for when they return.
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') {
      requestAnimationFrame(run);
    } else {
      setTimeout(run, 250);
    }
  }
}

async function inflate(data: ArrayBuffer): Promise<string> {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).text();
}

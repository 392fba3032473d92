// What a fan-out peer server does in the bench: listens on 127.0.0.1, takes spectators' subscriptions,
// answers each with the recorded snapshot, and broadcasts each recorded delta to every subscriber. The
// bytes are Echelon's own (raw DEFLATE, as its spectators take them), so only the transport differs.

export interface BroadcastPeer {
  /** What the bench prints: the library and how it is used. */
  readonly name: string;
  /** The spectators' client for this peer (`echelon`: a WebSocket speaking Echelon's subscribe message). */
  readonly client: 'echelon' | 'socket.io';
  /** Starts listening; resolves to the URL spectators connect to. */
  listen(snapshot: Buffer): Promise<string>;
  /** Sends one frame to every subscriber; returns how many it was handed to. */
  broadcast(frame: Buffer): number;
  readonly subscribers: number;
  close(): Promise<void>;
}

import { type Bus, type ControlEvent, type FixBatch, LocalBus } from './bus.ts';
import { type ConsumeFixesOptions, NatsBus, type NatsBusOptions } from './nats-bus.ts';

/**
 * What a bus offers beyond `Bus` once roles run in separate processes. Every member is optional on the
 * interface so LocalBus-shaped objects still fit; `createBus` returns buses that have them all.
 */
export interface ScalableBus extends Bus {
  /** Resolves once the batch is stored in the fixes stream: only then may ingest answer "accepted". */
  publishFixesAcked?(batch: FixBatch): Promise<{ seq: number; duplicate: boolean }>;
  publishControlAcked?(event: ControlEvent): Promise<void>;
  /**
   * A shared durable consumer: every process passing the same `durable` name shares the work, each
   * batch goes to one of them, and it is acknowledged only when `handler` resolves (redelivered after a
   * rejection or a crash). For persistence, whose writes must therefore be idempotent. A batch that
   * keeps failing with a poison error goes to the dead-letter stream (see ConsumeFixesOptions).
   */
  consumeFixes?(
    durable: string,
    handler: (batch: FixBatch) => Promise<void>,
    options?: ConsumeFixesOptions,
  ): () => void;
  /**
   * One race's fixes, in stream order, from `sinceMs` (epoch ms) on, then live: a new owner's replay.
   * `onCaughtUp` is told once the replay has reached what the stream held when it started.
   */
  watchFixes?(
    raceId: string,
    sinceMs: number,
    handler: (batch: FixBatch) => void,
    onCaughtUp?: () => void,
  ): () => void;
  /** The frames of one stage only: a gateway listens to the stages its spectators watch. */
  watchFrames?(stageId: string, handler: (frame: string) => void): () => void;
  /** Resolves once every subscription asked for so far is in place (tests, start-up ordering). */
  ready?(): Promise<void>;
  close?(): Promise<void>;
}

/** LocalBus with the scaled-out members, so roles can be wired once whichever bus they get. */
export class LocalScalableBus extends LocalBus implements ScalableBus {
  async publishFixesAcked(batch: FixBatch): Promise<{ seq: number; duplicate: boolean }> {
    this.publishFixes(batch);
    return { seq: 0, duplicate: false };
  }
  async publishControlAcked(event: ControlEvent): Promise<void> {
    this.publishControl(event);
  }
  watchFrames(stageId: string, handler: (frame: string) => void): () => void {
    return this.onFrame((id, frame) => {
      if (id === stageId) handler(frame);
    });
  }
  async ready(): Promise<void> {}
  async close(): Promise<void> {}
}

/** LocalBus in one process (no NATS_URL), the NATS bus when the roles are spread over processes. */
export async function createBus(
  natsUrl: string | undefined | null,
  options: Omit<NatsBusOptions, 'servers'> = {},
): Promise<ScalableBus & Required<Pick<ScalableBus, 'publishFixesAcked' | 'watchFrames' | 'close'>>> {
  if (!natsUrl) return new LocalScalableBus();
  return NatsBus.connect({ ...options, servers: natsUrl });
}

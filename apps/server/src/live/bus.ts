import { EventEmitter } from 'node:events';
import type { Fix } from '@echelon/domain';

/** An SOS whose position could not be used: when it was sent, where it claimed to be, and why refused. */
export interface SosAlarm {
  time: number;
  lat: number | null;
  lon: number | null;
  accuracy: number | null;
  positionRefused: string;
}

/** Accepted, stored fixes of one rider in one race, in time order. */
export interface FixBatch {
  raceId: string;
  registrationId: string;
  fixes: Fix[];
  sos: boolean;
  /**
   * SOS alarms whose own fix was refused as a position (so they are not in `fixes`): the live state
   * marks the rider's SOS and race control is alerted, but the position moves nobody.
   */
  alarms?: SosAlarm[];
  /**
   * What the fixes table keeps beyond a Fix, for the persistence consumer when ingest publishes before
   * storing (several processes): the protocol, the receive time and each fix's heading.
   */
  stored?: { source: string; receivedAt: number; headings: Array<number | null> };
}

export type ControlEvent =
  | { type: 'status'; raceId: string; stageId: string | null; status: string; at: number }
  | { type: 'announcement'; raceId: string; stageId: string | null; id: string; at: number; text: string }
  | { type: 'start-list'; raceId: string }
  /** Who may see a race changed (its visibility, details or staff): gateways re-check their subscribers. */
  | { type: 'race-access'; raceId: string }
  /** A commissaire took a rider out of the race (DNF, DSQ) or put them back, on a running stage. */
  | { type: 'rider-out'; stageId: string; registrationId: string; out: boolean; at: number }
  /** A stage's scheduled starts or timing passings changed: a live time trial re-reads them. */
  | { type: 'timing'; stageId: string }
  /**
   * What a race's public reads answer changed (results stored or marked stale, an edit, an approval);
   * null: something any answer may depend on. Every api process drops the public answers it keeps.
   */
  | {
      type: 'public-reads';
      raceId: string | null;
      /** Only the race's answers of this route changed (its stages' tracks); absent: all of them. */
      route?: string;
    };

/**
 * How the roles talk: ingest publishes fixes, race control publishes control events, the processor
 * publishes serialised frames per stage. In one process this is an in-memory emitter; with several
 * processes the same interface sits on NATS JetStream.
 */
export interface Bus {
  publishFixes(batch: FixBatch): void;
  onFixes(handler: (batch: FixBatch) => void): () => void;
  publishControl(event: ControlEvent): void;
  onControl(handler: (event: ControlEvent) => void): () => void;
  /** One tick's frame for a stage, serialised once for every subscriber. */
  publishFrame(stageId: string, frame: string): void;
  onFrame(handler: (stageId: string, frame: string) => void): () => void;
}

export class LocalBus implements Bus {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    // Every gateway connection does not subscribe here (the gateway fans out), so a handful is normal.
    this.emitter.setMaxListeners(100);
  }

  publishFixes(batch: FixBatch): void {
    this.emitter.emit('fixes', batch);
  }
  onFixes(handler: (batch: FixBatch) => void): () => void {
    return this.on('fixes', handler);
  }
  publishControl(event: ControlEvent): void {
    this.emitter.emit('control', event);
  }
  onControl(handler: (event: ControlEvent) => void): () => void {
    return this.on('control', handler);
  }
  publishFrame(stageId: string, frame: string): void {
    this.emitter.emit('frame', stageId, frame);
  }
  onFrame(handler: (stageId: string, frame: string) => void): () => void {
    return this.on('frame', handler);
  }

  private on<A extends unknown[]>(event: string, handler: (...args: A) => void): () => void {
    const listener = (...args: unknown[]) => handler(...(args as A));
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}

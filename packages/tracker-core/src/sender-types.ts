// What the Sender is given and what it tells: its options, states and status.
import type { BackoffOptions } from './backoff.ts';
import type { ClockSample } from './clock-offset.ts';
import type { QueuedFix } from './fix.ts';
import type { FixStore } from './fix-store.ts';
import type { Clock, Random, Timers } from './ports.ts';
import type { Transport } from './transport.ts';

/** The batch endpoint takes at most this many fixes. */
export const MAX_BATCH = 1000;

/**
 * - `stopped`: not sending (before start(), after stop());
 * - `idle`: waiting for the next batch interval;
 * - `sending`: a request is out;
 * - `waiting`: the last attempt failed, the next one is at `nextAttemptAt`;
 * - `offline`: the host said the device is offline; sending resumes on online();
 * - `unauthorized`: the server refused the device token; sending resumes on resume(), after the token
 *   was renewed (or at once, when `onAuthFailure` renews it).
 */
export type SenderState = 'stopped' | 'idle' | 'sending' | 'waiting' | 'offline' | 'unauthorized';

export interface SenderStatus {
  state: SenderState;
  /** Fixes waiting in the store, SOS included. */
  queued: number;
  /** Fixes the server stored. */
  accepted: number;
  /** Fixes the server already had (a batch sent again after a lost answer): delivered all the same. */
  duplicates: number;
  /** Fixes the server refused as invalid: dropped, see `onRejected`. */
  rejected: number;
  /**
   * SOS fixes the server acknowledged as alarms (stored and raised to race control), including those
   * whose position it refused: an SOS counts here once answered, whatever became of its fix.
   */
  sosReceived: number;
  /** Device time of the last answered batch. */
  lastSentAt: number | null;
  lastError: string | null;
  /** Failed attempts since the last answered batch. */
  failures: number;
  /** Device time of the next attempt, when one is scheduled. */
  nextAttemptAt: number | null;
}

export interface RejectedFix {
  queued: QueuedFix;
  reason: string;
}

export interface SenderOptions {
  store: FixStore;
  transport: Transport;
  clock: Clock;
  timers: Timers;
  random?: Random;
  /** Send what is queued this often, ms; see adaptiveIntervals. */
  batchIntervalMs?: number;
  /** At most this many fixes a request (≤ 1,000). */
  maxBatch?: number;
  /** A request without an answer after this long has failed, ms. */
  requestTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** A Retry-After beyond this is not believed, ms. */
  maxRetryAfterMs?: number;
  /**
   * The server refused the device token (401, 403). Renew it and resolve true to send again at once;
   * resolve false (or leave this out) to stay `unauthorized` until resume(). Called once per refusal:
   * if the renewed token is refused too, the Sender waits for resume().
   */
  onAuthFailure?: (status: number) => boolean | Promise<boolean>;
  /** Fixes the server refused as invalid; they are gone from the queue, never retried. */
  onRejected?: (rejected: RejectedFix[]) => void;
  /** Every answer that carried the server's time: feed a ClockOffsetEstimator. */
  onClockSample?: (sample: ClockSample) => void;
  onStatus?: (status: SenderStatus) => void;
}

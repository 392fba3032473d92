import { type ClockEstimate, ClockOffsetEstimator } from './clock-offset.ts';
import type { QueuedFix, TrackerFix } from './fix.ts';
import { FixStamper } from './fix-stamper.ts';
import type { FixStore } from './fix-store.ts';
import { adaptiveIntervals, type Connection, type IntervalInput, type Intervals } from './intervals.ts';
import type { Clock, Random, Timers } from './ports.ts';
import { type RejectedFix, Sender, type SenderOptions, type SenderStatus } from './sender.ts';
import { nextTrackerState, recording, type TrackerCommand, type TrackerState } from './tracker-state.ts';
import type { Transport } from './transport.ts';

/** A position as the device reports it (Geolocation API, a native location service). */
export interface PositionReading {
  /** When the position was taken, device clock, epoch ms. */
  time: number;
  lat: number;
  lon: number;
  accuracy?: number | null;
  speed?: number | null;
  altitude?: number | null;
  heading?: number | null;
}

/** What the host knows of its surroundings; any part may be updated on its own. */
export interface Conditions {
  batteryPct: number | null;
  charging: boolean;
  racing: boolean;
  connection: Connection;
}

export interface TrackerStatus {
  state: TrackerState;
  sender: SenderStatus;
  /** The clock estimate, null before the first answer carrying the server's time. */
  clock: ClockEstimate | null;
  /** What is added to device time when stamping fixes, ms (0 while the clock looks right). */
  correctionMs: number;
  /** The intervals for the current speed, battery, race and connection. */
  intervals: Intervals;
  /** Device time of the last recorded position. */
  lastFixAt: number | null;
}

export interface TrackerOptions {
  store: FixStore;
  transport: Transport;
  clock: Clock;
  timers: Timers;
  random?: Random;
  /** The state to come back to after a reload (the host keeps it, e.g. in localStorage). */
  state?: TrackerState;
  conditions?: Partial<Conditions>;
  /** Samples the clock estimate chooses from. */
  clockWindow?: number;
  sender?: Pick<SenderOptions, 'maxBatch' | 'requestTimeoutMs' | 'backoff' | 'maxRetryAfterMs'>;
  onAuthFailure?: SenderOptions['onAuthFailure'];
  onRejected?: (rejected: RejectedFix[]) => void;
  onStatus?: (status: TrackerStatus) => void;
}

const DEFAULT_CONDITIONS: Conditions = {
  batteryPct: null,
  charging: false,
  racing: true,
  connection: 'good',
};

/**
 * The tracker as the app sees it: start/pause/stop, feed it positions, press SOS, tell it about the
 * battery and connection; it stamps fixes with server-aligned time, queues them, sends them, and says
 * how often to sample. One instance per registration and device token.
 */
export class Tracker {
  private readonly options: TrackerOptions;
  private readonly sender: Sender;
  private readonly estimator: ClockOffsetEstimator;
  private readonly stamper = new FixStamper();
  private current: TrackerState;
  private conditions: Conditions;
  private lastReading: PositionReading | null = null;
  private lastStamped: number | null = null;
  private sending = false;

  constructor(options: TrackerOptions) {
    this.options = options;
    this.current = options.state ?? 'idle';
    this.conditions = { ...DEFAULT_CONDITIONS, ...options.conditions };
    this.estimator = new ClockOffsetEstimator({ window: options.clockWindow ?? 8 });
    this.sender = new Sender({
      ...options.sender,
      store: options.store,
      transport: options.transport,
      clock: options.clock,
      timers: options.timers,
      random: options.random,
      batchIntervalMs: this.intervals().batchMs,
      onAuthFailure: options.onAuthFailure,
      onRejected: options.onRejected,
      onClockSample: (sample) => {
        this.estimator.add(sample);
        this.stamper.update(this.estimator.estimate());
      },
      onStatus: () => this.emit(),
    });
    if (this.conditions.connection === 'offline') this.sender.setOffline();
  }

  get state(): TrackerState {
    return this.current;
  }

  status(): TrackerStatus {
    return {
      state: this.current,
      sender: this.sender.status(),
      clock: this.estimator.estimate(),
      correctionMs: this.stamper.correctionMs,
      intervals: this.intervals(),
      lastFixAt: this.lastReading?.time ?? null,
    };
  }

  /** The sampling and sending intervals now (ask the positioning system for `sampleMs`). */
  intervals(): Intervals {
    const input: IntervalInput = { ...this.conditions, speedMps: this.lastReading?.speed ?? null };
    return adaptiveIntervals(input);
  }

  /** Starts sending what is queued (from this run or an earlier one): call once the token is known. */
  async open(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    await this.sender.start();
  }

  /** Stops sending (sign-out); the queue stays in the store for the next open(). */
  close(): void {
    this.sending = false;
    this.sender.stop();
  }

  async start(): Promise<void> {
    this.command('start');
    await this.open();
  }

  pause(): void {
    this.command('pause');
  }

  resume(): void {
    this.command('resume');
  }

  /** Ends the ride and sends what is queued now; fixes that cannot go yet keep being retried. */
  async stop(): Promise<void> {
    this.command('stop');
    await this.sender.flush();
  }

  /**
   * Records a position while tracking; returns the queued fix, or null when not tracking or when the
   * reading is not newer than the last one (positioning systems repeat cached positions, and two fixes
   * with the same time would be one fix to the server).
   */
  async record(reading: PositionReading): Promise<QueuedFix | null> {
    if (!recording(this.current)) return null;
    if (this.lastReading && reading.time <= this.lastReading.time) return null;
    const previousIntervals = this.intervals();
    this.lastReading = reading;
    const [queued] = await this.sender.enqueue([this.toFix(reading, false)]);
    const now = this.intervals();
    if (now.batchMs !== previousIntervals.batchMs) this.sender.setBatchInterval(now.batchMs);
    this.emit();
    return queued ?? null;
  }

  /**
   * Sends an SOS at once, in any state: at `reading`, or at the last known position (timed now).
   * Null when no position is known at all — the app must then say so and offer another way to call.
   */
  async sos(reading?: PositionReading): Promise<QueuedFix | null> {
    const at = reading ?? (this.lastReading && { ...this.lastReading, time: this.options.clock.now() });
    if (!at) return null;
    // A fresh position: later readings are judged against it (the app may pass it to record() too).
    if (reading && (!this.lastReading || reading.time > this.lastReading.time)) this.lastReading = reading;
    if (!this.sending) await this.open();
    const [queued] = await this.sender.enqueue([this.toFix(at, true)]);
    return queued ?? null;
  }

  /** Battery, charging, race and connection changed; returns the intervals that follow. */
  setConditions(changes: Partial<Conditions>): Intervals {
    const wasOffline = this.conditions.connection === 'offline';
    this.conditions = { ...this.conditions, ...changes };
    const offline = this.conditions.connection === 'offline';
    if (offline && !wasOffline) this.sender.setOffline();
    if (!offline && wasOffline) this.sender.setOnline();
    const intervals = this.intervals();
    this.sender.setBatchInterval(intervals.batchMs);
    this.emit();
    return intervals;
  }

  /** Sends what is queued now (the app goes to the background, the user asked). */
  flush(): Promise<void> {
    return this.sender.flush();
  }

  /** The device token was renewed after the server refused the old one. */
  tokenRenewed(): void {
    this.sender.resume();
  }

  private command(command: TrackerCommand): void {
    const next = nextTrackerState(this.current, command);
    if (next === null) throw new Error(`cannot ${command} while ${this.current}`);
    this.current = next;
    this.emit();
  }

  private toFix(reading: PositionReading, sos: boolean): TrackerFix {
    let time = this.stamper.stamp(reading.time);
    // Two fixes with the same time are one fix to the server (its dedupe key): an SOS timed "now" may
    // fall on the millisecond of the reading before it.
    if (this.lastStamped !== null && time === this.lastStamped) time += 1;
    this.lastStamped = time;
    return {
      time,
      lat: reading.lat,
      lon: reading.lon,
      accuracy: reading.accuracy ?? null,
      speed: reading.speed ?? null,
      altitude: reading.altitude ?? null,
      heading: reading.heading ?? null,
      battery: this.conditions.batteryPct,
      ...(sos && { sos: true }),
    };
  }

  private emit(): void {
    this.options.onStatus?.(this.status());
  }
}

/**
 * What the core needs from its host, injected so the same code runs in a browser, a native app and
 * tests with fake time: nothing here reaches a global.
 */

/** The device's wall clock, epoch milliseconds (may be wrong: see ClockOffsetEstimator). */
export interface Clock {
  now(): number;
}

/** An opaque timer handle: a number in browsers, an object in Node. */
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** A number in [0, 1), as Math.random; injected so jitter is reproducible in tests. */
export type Random = () => number;

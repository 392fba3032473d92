import type { Random } from './ports.ts';

export interface BackoffOptions {
  /** The delay before the first retry, ms. */
  baseMs: number;
  /** No delay exceeds this, ms: a tracker back online must not sleep for long. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 120_000 };

/**
 * The wait before retry number `attempt` (1 for the first retry): base · 2^(attempt−1), capped, with
 * "equal jitter" — half fixed, half random — so that thousands of riders losing the same cell tower
 * do not all come back in the same second, while the wait still grows with every failure.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: Random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

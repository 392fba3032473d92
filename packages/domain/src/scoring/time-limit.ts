import type { Metres, Seconds } from '../units.ts';

/** One band of a time-limit table: the percentage applies while the winner's average speed is ≤ `upToKmh`. */
export interface TimeLimitBand {
  readonly upToKmh: number;
  readonly percent: number;
}

/**
 * Example table for a flat stage **[unconfirmed]**: 4 % under 36 km/h rising to 12 % over 50 km/h
 * (reference §2). Real races publish their own table per stage type; pass it in.
 */
export const DEFAULT_TIME_LIMIT_TABLE: readonly TimeLimitBand[] = [
  { upToKmh: 36, percent: 4 },
  { upToKmh: 38, percent: 5 },
  { upToKmh: 40, percent: 6 },
  { upToKmh: 42, percent: 7 },
  { upToKmh: 44, percent: 8 },
  { upToKmh: 46, percent: 9 },
  { upToKmh: 48, percent: 10 },
  { upToKmh: 50, percent: 11 },
  { upToKmh: Number.POSITIVE_INFINITY, percent: 12 },
];

/** The percentage for a stage from the winner's average speed. */
export function timeLimitPercent(
  distance: Metres,
  winnerTime: Seconds,
  table: readonly TimeLimitBand[] = DEFAULT_TIME_LIMIT_TABLE,
): number {
  const kmh = distance / 1000 / (winnerTime / 3600);
  const band = table.find((b) => kmh <= b.upToKmh) ?? table[table.length - 1];
  if (band === undefined) throw new Error('The time-limit table is empty');
  return band.percent;
}

/** Cut-off = winner × (1 + p). Kept exact (not truncated) so the "exactly on the limit" case is decidable. */
export function timeLimitCutOff(winnerTime: Seconds, percent: number): number {
  // Rounded to the millisecond: 14400 × 1.07 is 15408.000000000002 in floating point.
  return Math.round(winnerTime * (1 + percent / 100) * 1000) / 1000;
}

/**
 * Whether a time is outside the limit. A time exactly on the limit is inside by default
 * (`onLimitIsInside`); the rule text is ambiguous **[unconfirmed]**, so it is a setting.
 */
export function isOutsideTimeLimit(time: Seconds, cutOff: number, onLimitIsInside = true): boolean {
  return onLimitIsInside ? time > cutOff : time >= cutOff;
}

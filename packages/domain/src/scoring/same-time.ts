import type { Seconds } from '../units.ts';
import { seconds } from '../units.ts';

export interface SameTimeOptions {
  /** A gap at or above this starts a new group. 1 s by default; 3 s under the bunch-sprint rule. */
  readonly threshold?: Seconds;
  /**
   * Subtracted from each timestamp gap before comparing. Timestamps are front wheel to front wheel but
   * gaps are judged back wheel to front wheel, so a bike length (≈ length ÷ speed) is not a gap. Default 0.
   */
  readonly gapCorrection?: Seconds;
}

export const DEFAULT_SAME_TIME_THRESHOLD = seconds(1);
export const BUNCH_SPRINT_THRESHOLD = seconds(3);

// Compared in whole hundredths: 10802.90 + 2.99 − 10802.90 is not exactly 2.99 in binary floating point.
const hundredths = (value: number): number => Math.round(value * 100);

/** Truncates to whole seconds (road stage times are truncated, never rounded — reference §0). */
export function truncateSeconds(value: number): Seconds {
  // Go through hundredths so that 10800.999999 from float noise does not truncate differently from 10801.00.
  return seconds(Math.floor(hundredths(value) / 100));
}

/**
 * Same-time groups over crossing times given in finishing order: each rider gets the truncated time of
 * the first rider of their group. The group chains, so riders 0.9 s apart all share one time even if the
 * last is many seconds behind the first (reference §1.3, scenario 2).
 */
export function sameTimeGroups(crossings: readonly Seconds[], options: SameTimeOptions = {}): Seconds[] {
  const threshold = hundredths(options.threshold ?? DEFAULT_SAME_TIME_THRESHOLD);
  const correction = hundredths(options.gapCorrection ?? 0);
  const out: Seconds[] = [];
  let groupTime = seconds(0);
  crossings.forEach((crossing, i) => {
    const prev = crossings[i - 1];
    const gap =
      prev === undefined ? Number.POSITIVE_INFINITY : hundredths(crossing) - hundredths(prev) - correction;
    if (gap >= threshold) groupTime = truncateSeconds(crossing);
    out.push(groupTime);
  });
  return out;
}

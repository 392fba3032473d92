import { formatDuration, formatGap } from '../../format/format.ts';

/** Rows shown per split table: the best times are what a spectator follows. */
export const SPLIT_ROWS = 10;

/** A time in ms: hundredths when a timing system read it, whole seconds from GPS. */
export const ttTime = (ms: number | null, exact: boolean) =>
  formatDuration(ms === null ? null : ms / 1000, exact);

/** A gap in ms behind the best: "s.t.", "+0:12". */
export const ttGap = (ms: number | null) => formatGap(ms === null ? null : ms / 1000);

/** "+0:12" behind the reference on the road, "−0:05" ahead of it. */
export function formatVirtual(ms: number): string {
  const s = ms / 1000;
  return s < 0 ? formatDuration(s) : formatGap(s);
}

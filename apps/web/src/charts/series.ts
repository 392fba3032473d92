/**
 * Pure helpers behind the charts: elevation lookups on a course profile, laps wrapped onto one lap,
 * the series of a ride against distance, and the figures a screen reader gets instead of the canvas.
 */

/** Distance into the lap for `d` m of a multi-lap course; the finish of a lap stays at the lap's end. */
export function wrapToLap(d: number, lapLength: number): number {
  if (!(lapLength > 0) || d <= lapLength) return Math.max(0, d);
  const inLap = d % lapLength;
  return inLap === 0 ? lapLength : inLap;
}

/** Elevation (m) at `d` m along a one-lap profile of [distance, elevation], linear between points. */
export function elevationAt(profile: ReadonlyArray<readonly [number, number]>, d: number): number | null {
  const n = profile.length;
  if (n === 0) return null;
  if (d <= profile[0]![0]) return profile[0]![1];
  if (d >= profile[n - 1]![0]) return profile[n - 1]![1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (profile[mid]![0] <= d) lo = mid;
    else hi = mid;
  }
  const [d0, e0] = profile[lo]!;
  const [d1, e1] = profile[hi]!;
  return d1 > d0 ? e0 + ((e1 - e0) * (d - d0)) / (d1 - d0) : e0;
}

/** The same lookup on uPlot's columns (x ascending). */
export function interpolateColumn(
  xs: ArrayLike<number>,
  ys: ArrayLike<number | null | undefined> | undefined,
  x: number,
): number | null {
  const n = xs.length;
  if (n === 0 || !ys) return null;
  if (x <= xs[0]!) return ys[0] ?? null;
  if (x >= xs[n - 1]!) return ys[n - 1] ?? null;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const a = ys[lo];
  const b = ys[hi];
  if (a === null || a === undefined) return b ?? null;
  if (b === null || b === undefined) return a;
  const span = xs[hi]! - xs[lo]!;
  return span > 0 ? a + ((b - a) * (x - xs[lo]!)) / span : a;
}

export interface RideSeries {
  /** km from the start, ascending. */
  km: number[];
  /** km/h */
  speed: number[];
  /** m, from the course profile at each distance; null without a profile. */
  elevation: Array<number | null>;
}

/**
 * A ride against distance from a track's flat samples (`stride` numbers each: t, d, lat, lon, km/h).
 * Distance never goes back, and samples at a distance already reached (waiting, or a fix projected
 * behind) are dropped, so the x axis only ascends.
 */
export function rideSeries(
  samples: readonly number[],
  profile: ReadonlyArray<readonly [number, number]> = [],
  lapLength = 0,
  stride = 5,
): RideSeries {
  const out: RideSeries = { km: [], speed: [], elevation: [] };
  let reach = -1;
  for (let o = 0; o + stride <= samples.length; o += stride) {
    const d = samples[o + 1]!;
    if (d <= reach) continue;
    reach = d;
    out.km.push(d / 1000);
    out.speed.push(samples[o + 4]!);
    out.elevation.push(profile.length > 0 ? elevationAt(profile, wrapToLap(d, lapLength)) : null);
  }
  return out;
}

/** [lat, lon] of a track's samples, for drawing the ride on a map. */
export function trackLine(samples: readonly number[], stride = 5): Array<[number, number]> {
  const line: Array<[number, number]> = [];
  for (let o = 0; o + stride <= samples.length; o += stride) line.push([samples[o + 2]!, samples[o + 3]!]);
  return line;
}

export interface Extent {
  min: number;
  max: number;
  mean: number;
}

/** Min, max and mean of the values that are numbers; null when there are none (no spread: any size). */
export function extent(values: ArrayLike<number | null | undefined> | undefined): Extent | null {
  if (!values) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let count = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count += 1;
  }
  return count === 0 ? null : { min, max, mean: sum / count };
}

/** Metres climbed along a series of elevations (every rise counted). */
export function climbing(elevations: ReadonlyArray<number | null>): number {
  let total = 0;
  let previous: number | null = null;
  for (const e of elevations) {
    if (e === null) continue;
    if (previous !== null && e > previous) total += e - previous;
    previous = e;
  }
  return total;
}

// Elevation profile: fill gaps, smooth, and measure climbing.
//
// Raw elevations are noisy in two ways that both inflate "total climbing": DEM-derived files are rounded to
// whole metres (a flat road reads 110, 111, 110, 111 …), and GPS/barometric recordings jitter by a few metres
// at every fix. Summing every positive step counts that noise as climbing, and more points means more noise,
// so the same road would "climb" more when recorded at 1 s than at 5 s. Two defences, both in metres so
// neither depends on how densely the file is sampled:
//  1. smooth along distance (not along point index) with a moving average of fixed length;
//  2. count a climb or a descent only once the smoothed road has moved by a threshold from its last
//     turning point (hysteresis), so wobbles smaller than the threshold never add up.

/**
 * Half-length of the moving average, in metres. Applied twice, the kernel is a triangle 4 × 25 = 100 m wide
 * (50 m at half height): long enough to average out 1 m DEM rounding and per-fix GPS/barometric jitter,
 * short enough to keep real features (a 300 m wall, the hairpins of a col) and to shave only a metre or two
 * off summits. On the Tour de France stage files it removes 1–3 % of the raw step sum.
 */
export const ELEVATION_SMOOTHING_HALF_WINDOW = 25;

/**
 * Hysteresis for climbing and descent, in metres: above the ±1–2 m wobble left after smoothing a 1 s GPS
 * recording, well below any rise a rider would call a climb.
 */
export const CLIMBING_THRESHOLD = 3;

/** Below this share of points carrying an elevation, the file has no usable profile. */
const MIN_ELEVATION_COVERAGE = 0.5;

/**
 * Elevation at every point, with gaps linearly interpolated along distance (ends held flat), or null when
 * too few points carry an elevation to make a profile.
 */
export function fillElevationGaps(
  distances: readonly number[],
  elevations: readonly (number | null)[],
): number[] | null {
  const known: number[] = [];
  elevations.forEach((e, i) => {
    if (e !== null) known.push(i);
  });
  if (known.length === 0 || known.length < elevations.length * MIN_ELEVATION_COVERAGE) return null;

  const out = new Array<number>(elevations.length);
  const first = known[0]!;
  const last = known.at(-1)!;
  for (let i = 0; i <= first; i++) out[i] = elevations[first]!;
  for (let i = last; i < elevations.length; i++) out[i] = elevations[last]!;
  for (let k = 0; k + 1 < known.length; k++) {
    const a = known[k]!;
    const b = known[k + 1]!;
    const ea = elevations[a]!;
    const eb = elevations[b]!;
    const span = distances[b]! - distances[a]!;
    out[a] = ea;
    for (let i = a + 1; i < b; i++) {
      const t = span > 0 ? (distances[i]! - distances[a]!) / span : 0;
      out[i] = ea + t * (eb - ea);
    }
  }
  return out;
}

/**
 * Moving average over a window of ±halfWindow metres of road, computed exactly on the piecewise-linear
 * profile (integral over the window ÷ its length), so uneven point spacing does not weight dense stretches.
 * Near the ends the window shrinks symmetrically: an asymmetric window would drag a summit finish down.
 */
function boxFilter(distances: readonly number[], values: readonly number[], halfWindow: number): number[] {
  const n = values.length;
  // integral[i] = ∫ from the start to distances[i] of the profile (trapezoids).
  const integral = new Array<number>(n);
  integral[0] = 0;
  for (let i = 1; i < n; i++) {
    const dx = distances[i]! - distances[i - 1]!;
    integral[i] = integral[i - 1]! + (dx * (values[i]! + values[i - 1]!)) / 2;
  }
  const total = distances[n - 1]!;

  // Integral from the start up to distance x; j is a cursor that only moves forward.
  const integralAt = (x: number, j: number): { value: number; j: number } => {
    while (j + 1 < n - 1 && distances[j + 1]! <= x) j++;
    const d0 = distances[j]!;
    const d1 = distances[j + 1] ?? d0;
    const v0 = values[j]!;
    const v1 = values[j + 1] ?? v0;
    const t = d1 > d0 ? Math.min(Math.max((x - d0) / (d1 - d0), 0), 1) : 0;
    const vx = v0 + t * (v1 - v0);
    return { value: integral[j]! + ((x - d0) * (v0 + vx)) / 2, j };
  };

  const out = new Array<number>(n);
  let jLow = 0;
  let jHigh = 0;
  for (let i = 0; i < n; i++) {
    const d = distances[i]!;
    const h = Math.min(halfWindow, d, total - d);
    if (h <= 0) {
      out[i] = values[i]!;
      continue;
    }
    // Both window edges, max(d − halfWindow, 0, 2d − total) and min(d + halfWindow, total), never move
    // backwards as d grows, so the cursors only move forward: one pass over the points.
    const low = integralAt(d - h, jLow);
    const high = integralAt(d + h, Math.max(jHigh, low.j));
    jLow = low.j;
    jHigh = high.j;
    out[i] = (high.value - low.value) / (2 * h);
  }
  return out;
}

/** Smoothed elevation: the box filter applied twice (a triangular kernel, with no ringing at steps). */
export function smoothElevation(
  distances: readonly number[],
  elevations: readonly number[],
  halfWindow: number = ELEVATION_SMOOTHING_HALF_WINDOW,
): number[] {
  if (elevations.length < 3) return [...elevations];
  return boxFilter(distances, boxFilter(distances, elevations, halfWindow), halfWindow);
}

/**
 * Total ascent and descent with hysteresis: the profile is reduced to its turning points, where a turning
 * point only counts once the road has come back from it by at least `threshold` metres.
 */
export function climbingAndDescent(
  elevations: readonly number[],
  threshold: number = CLIMBING_THRESHOLD,
): { climbing: number; descent: number } {
  let climbing = 0;
  let descent = 0;
  if (elevations.length === 0) return { climbing, descent };

  // direction 0: no trend established yet; track the lowest and highest values seen so far.
  let direction: -1 | 0 | 1 = 0;
  let low = elevations[0]!;
  let high = low;
  let anchor = low; // the last confirmed turning point
  let extreme = low; // the furthest point reached in the current direction
  for (const e of elevations) {
    if (direction === 0) {
      low = Math.min(low, e);
      high = Math.max(high, e);
      if (e - low >= threshold) {
        direction = 1;
        anchor = low;
        extreme = e;
      } else if (high - e >= threshold) {
        direction = -1;
        anchor = high;
        extreme = e;
      }
    } else if (direction === 1) {
      if (e > extreme) extreme = e;
      else if (extreme - e >= threshold) {
        climbing += extreme - anchor;
        anchor = extreme;
        extreme = e;
        direction = -1;
      }
    } else if (e < extreme) extreme = e;
    else if (e - extreme >= threshold) {
      descent += anchor - extreme;
      anchor = extreme;
      extreme = e;
      direction = 1;
    }
  }
  // The last trend counts up to its furthest point: a summit finish is climbing even with nothing after it.
  if (direction === 1) climbing += extreme - anchor;
  if (direction === -1) descent += anchor - extreme;
  return { climbing, descent };
}

/**
 * Climbs detected from an elevation profile, each with a suggested UCI-like category, so an organiser
 * placing climb summits starts from the course rather than from a blank map. Pure: [distance m,
 * elevation m] pairs in, climbs out.
 */

export type ClimbCategorySuggestion = 'HC' | '1' | '2' | '3' | '4';

export interface DetectedClimb {
  /** Metres from the start of the profile where the climb begins (its lowest point). */
  start: number;
  /** Metres from the start where the climb tops out (the summit, where a checkpoint goes). */
  summit: number;
  length: number;
  gain: number;
  /** Average gradient in percent. */
  gradient: number;
  /** length in km × gradient in %²: steepness counts twice, as it does for the legs. */
  score: number;
  category: ClimbCategorySuggestion;
}

export interface ClimbOptions {
  /** A drop this large below the running top ends the climb (false flats and short dips do not). */
  maxDip: number;
  minGain: number;
  minGradient: number;
}

const DEFAULTS: ClimbOptions = { maxDip: 25, minGain: 25, minGradient: 2.5 };

/**
 * Score thresholds (km × %²), lowest score first. Calibrated on known climbs: Alpe d'Huez (13.8 km at
 * 8.1 %, ≈ 905) and the Tourmalet (≈ 930) are HC; a 10 km climb at 6 % (360) is category 1, 5 km at
 * 6 % (180) category 2, 3 km at 5 % (75) category 3, 1.5 km at 4 % (24) category 4. Below 20 a rise is
 * not a categorised climb.
 */
const THRESHOLDS: ReadonlyArray<readonly [number, ClimbCategorySuggestion]> = [
  [600, 'HC'],
  [300, '1'],
  [150, '2'],
  [60, '3'],
  [20, '4'],
];

export function climbScore(lengthMetres: number, gradientPercent: number): number {
  return (lengthMetres / 1000) * gradientPercent * gradientPercent;
}

export function categoryForScore(score: number): ClimbCategorySuggestion | null {
  for (const [min, category] of THRESHOLDS) if (score >= min) return category;
  return null;
}

/**
 * Walks the profile keeping the lowest point since the last climb and the highest point after it; a
 * climb ends when the road drops `maxDip` below its top (or the profile ends). Only rises steep and
 * long enough to earn a category are kept, in course order.
 */
export function detectClimbs(
  profile: ReadonlyArray<readonly [number, number]>,
  options: Partial<ClimbOptions> = {},
): DetectedClimb[] {
  const { maxDip, minGain, minGradient } = { ...DEFAULTS, ...options };
  const climbs: DetectedClimb[] = [];
  if (profile.length < 2) return climbs;
  let low = profile[0]!;
  let top = profile[0]!;

  const close = () => {
    const length = top[0] - low[0];
    const gain = top[1] - low[1];
    if (length > 0 && gain >= minGain) {
      const gradient = (gain / length) * 100;
      const score = climbScore(length, gradient);
      const category = categoryForScore(score);
      if (gradient >= minGradient && category) {
        climbs.push({ start: low[0], summit: top[0], length, gain, gradient, score, category });
      }
    }
  };

  for (const point of profile) {
    if (top === low) {
      // Not climbing yet: the foot is the last lowest point before the road rises.
      if (point[1] <= low[1]) low = point;
      top = point[1] > low[1] ? point : low;
    } else if (point[1] > top[1]) {
      top = point;
    } else if (top[1] - point[1] >= maxDip || point[1] < low[1]) {
      // The road fell away from the top: whatever rose before it is one climb; start looking afresh.
      close();
      low = point;
      top = point;
    }
  }
  close();
  return climbs;
}

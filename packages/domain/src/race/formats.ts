/** Stage formats: each is scored by its own rules (see shared/reference/scoring-rules.md). */
export const STAGE_FORMATS = [
  'road_race',
  'individual_time_trial',
  'team_time_trial',
  'criterium',
  'points_race',
  'elimination',
  'cyclocross',
  'mtb',
  'gran_fondo',
  'audax',
] as const;
export type StageFormat = (typeof STAGE_FORMATS)[number];

export const DISCIPLINES = ['road', 'gravel', 'cyclocross', 'mtb', 'track', 'ultra'] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export const VISIBILITIES = ['public', 'unlisted', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const CHECKPOINT_KINDS = ['start', 'finish', 'sprint', 'climb', 'timing', 'feed_zone'] as const;
export const CLIMB_CATEGORIES = ['HC', '1', '2', '3', '4'] as const;

export const GENDERS = ['M', 'F', 'X'] as const;
export type Gender = (typeof GENDERS)[number];

export const CATEGORY_KINDS = ['age', 'gender', 'custom'] as const;

/** How precisely a format's times are shown. Ranking always uses the exact time (to the millisecond). */
export type TimePrecision = 'seconds' | 'hundredths';

/**
 * Hundredths in time trials (rules §0, §3) and for a gran fondo's gun and chip times; whole seconds
 * (truncated) everywhere else, road stages above all.
 */
export function timePrecision(format: string): TimePrecision {
  return format === 'individual_time_trial' || format === 'team_time_trial' || format === 'gran_fondo'
    ? 'hundredths'
    : 'seconds';
}

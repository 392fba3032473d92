// Audax / brevet (rules §5): no ranking. Each control opens at the time a rider at the maximum speed of each
// band would reach it and closes at the time a rider at the minimum speed would; finishers are listed
// alphabetically. Durations are minutes from the brevet's start.
import { compareIds } from './types.ts';

export interface SpeedBand {
  /** Band start, km. */
  from: number;
  /** Band end, km. */
  to: number;
  /** km/h: sets the opening time. */
  max: number;
  /** km/h: sets the closing time. */
  min: number;
}

/** The speed-band table of rules §5. */
export const DEFAULT_SPEED_BANDS: readonly SpeedBand[] = Object.freeze([
  { from: 0, to: 200, max: 34, min: 15 },
  { from: 200, to: 400, max: 32, min: 15 },
  { from: 400, to: 600, max: 30, min: 15 },
  { from: 600, to: 1000, max: 28, min: 11.428 },
  { from: 1000, to: 1300, max: 26, min: 13.333 },
]);

/** Overall time limits in minutes by brevet distance (km): 200 13h30, 300 20h, 400 27h, 600 40h, 1000 75h. */
export const DEFAULT_OVERALL_LIMITS: Readonly<Record<number, number>> = Object.freeze({
  200: 13 * 60 + 30,
  300: 20 * 60,
  400: 27 * 60,
  600: 40 * 60,
  1000: 75 * 60,
});

export interface AudaxConfig {
  bands?: readonly SpeedBand[];
  overallLimits?: Readonly<Record<number, number>>;
  /** The start control stays open this long, in minutes. Default 60 (ACP practice; unconfirmed). */
  startControlCloses?: number;
}

/** Hours to ride `km` through the bands at each band's max (`speed: 'max'`) or min speed. */
function bandHours(km: number, speed: 'max' | 'min', bands: readonly SpeedBand[]): number {
  let hours = 0;
  for (const band of bands) {
    const inBand = Math.min(km, band.to) - band.from;
    if (inBand > 0) hours += inBand / band[speed];
  }
  return hours;
}

/**
 * Rounding: to the nearest minute, halves up. It is the one rule that reproduces all four reference times:
 * 550 km opens at 17.1324 h = 17h07.94 → 17h08 (truncating would give 17h07) and the 890 km control opens at
 * 29.1562 h = 29h09.37 → 29h09 (rounding up would give 29h10); the closings 36h40.00 and 65h22.58 → 65h23
 * agree.
 */
function toMinutes(hours: number): number {
  return Math.floor(hours * 60 + 0.5);
}

export interface ControlTimes {
  /** Minutes after the start when the control opens. */
  opens: number;
  /** Minutes after the start when the control closes. */
  closes: number;
}

/**
 * Opening and closing of a control at `km` on a brevet of `brevetKm`. Scenario 26: 600 km, 550 km control →
 * +17h08 / +36h40; 1000 km, 890 km control → +29h09 / +65h23. A control at or beyond the brevet distance (the
 * finish) is timed at the nominal distance and closes at the overall limit when the table has one.
 */
export function controlTimes(km: number, brevetKm: number, config: AudaxConfig = {}): ControlTimes {
  const bands = config.bands ?? DEFAULT_SPEED_BANDS;
  const limits = config.overallLimits ?? DEFAULT_OVERALL_LIMITS;
  const at = Math.min(km, brevetKm);
  const opens = toMinutes(bandHours(at, 'max', bands));
  if (at <= 0) return { opens: 0, closes: config.startControlCloses ?? 60 };
  const limit = limits[brevetKm];
  if (at >= brevetKm && limit !== undefined) return { opens, closes: limit };
  return { opens, closes: toMinutes(bandHours(at, 'min', bands)) };
}

/** "+17h08" for 1028 minutes. */
export function formatOffset(minutes: number): string {
  return `+${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}`;
}

export interface AudaxRider {
  riderId: string;
  lastName: string;
  firstName: string;
  /** Minutes from the start to the finish; null when not finished. */
  elapsed: number | null;
}

const collator = new Intl.Collator('en', { sensitivity: 'base' });

/**
 * Finishers within the overall limit (a time exactly on the limit is in), alphabetically by last name, then
 * first name, then id — a brevet is not a race, so there are no places.
 */
export function audaxFinishers(riders: readonly AudaxRider[], limitMinutes: number): AudaxRider[] {
  return riders
    .filter((r) => r.elapsed !== null && r.elapsed <= limitMinutes)
    .sort(
      (a, b) =>
        collator.compare(a.lastName, b.lastName) ||
        collator.compare(a.firstName, b.firstName) ||
        compareIds(a.riderId, b.riderId),
    );
}

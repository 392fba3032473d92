import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';

/**
 * The readings a fix may carry. Beyond these a tracker is broken or lying, and a value such as 1e39 would
 * not even fit the database's columns: such a fix is refused with the field named, never stored. The
 * bounds are wide on purpose (an aircraft's altitude, a car's speed) so odd but real devices still pass.
 */
export const FIX_LIMITS = {
  /** 2000-01-01: older timestamps are a tracker with no clock set (GPS week roll-over, epoch 0). */
  minTimeMs: Date.UTC(2000, 0, 1),
  /** 2100-01-01; the server's own future check (30 s ahead) is tighter and applies afterwards. */
  maxTimeMs: Date.UTC(2100, 0, 1),
  /** m/s: 150 m/s = 540 km/h, well beyond any bicycle, car or train a tracker rides in. */
  maxSpeedMps: 150,
  /** m: below the Dead Sea shore with margin, above any road with margin (an aircraft's cruise). */
  minAltitudeM: -1000,
  maxAltitudeM: 15_000,
  /** m: a horizontal accuracy worse than 100 km is no position; the server's own 200 m limit applies afterwards. */
  maxAccuracyM: 100_000,
} as const;

const number = () => z.number({ error: 'must be a number' });
const finite = (min: number, max: number, unit: string) => {
  const error = `must be between ${String(min)} and ${String(max)} ${unit}`;
  return number().min(min, { error }).max(max, { error });
};

/** Epoch milliseconds within FIX_LIMITS. */
export const FixTimeMs = number()
  .int({ error: 'must be whole epoch milliseconds' })
  .min(FIX_LIMITS.minTimeMs, { error: 'is before the year 2000: the tracker has no clock set' })
  .max(FIX_LIMITS.maxTimeMs, { error: 'is after the year 2100' });

/** Every reading of a fix, range-checked; the one rule applied to every ingest path (native and third-party). */
export const FixReadings = z.object({
  time: FixTimeMs,
  lat: finite(-90, 90, '°'),
  lon: finite(-180, 180, '°'),
  accuracy: finite(0, FIX_LIMITS.maxAccuracyM, 'm').nullable().optional().describe('horizontal accuracy, m'),
  speed: finite(0, FIX_LIMITS.maxSpeedMps, 'm/s').nullable().optional().describe('m/s'),
  altitude: finite(FIX_LIMITS.minAltitudeM, FIX_LIMITS.maxAltitudeM, 'm').nullable().optional().describe('m'),
  heading: finite(0, 360, '°').nullable().optional().describe('degrees, 0–360'),
  battery: finite(0, 100, '%').nullable().optional().describe('%'),
});
export type FixReadings = z.infer<typeof FixReadings>;

const within = (value: unknown, min: number, max: number) =>
  typeof value === 'number' && value >= min && value <= max;
const absentOrWithin = (value: unknown, min: number, max: number) =>
  value === undefined || value === null || within(value, min, max);

/**
 * The same rule as FixReadings, by hand: true only when FixReadings would accept `fix` (NaN and
 * infinities fail the comparisons as they fail z.number()). Thousands of fixes a second pass through
 * here, so a good fix costs a few comparisons; only a bad one goes through zod, for its message.
 */
export function readingsInRange(fix: unknown): boolean {
  if (typeof fix !== 'object' || fix === null) return false;
  const f = fix as Record<string, unknown>;
  return (
    Number.isSafeInteger(f.time) &&
    within(f.time, FIX_LIMITS.minTimeMs, FIX_LIMITS.maxTimeMs) &&
    within(f.lat, -90, 90) &&
    within(f.lon, -180, 180) &&
    absentOrWithin(f.accuracy, 0, FIX_LIMITS.maxAccuracyM) &&
    absentOrWithin(f.speed, 0, FIX_LIMITS.maxSpeedMps) &&
    absentOrWithin(f.altitude, FIX_LIMITS.minAltitudeM, FIX_LIMITS.maxAltitudeM) &&
    absentOrWithin(f.heading, 0, 360) &&
    absentOrWithin(f.battery, 0, 100)
  );
}

/** Why a fix's readings are refused, as `field: reason` (the first problem), or null when they are in range. */
export function fixReadingsProblem(fix: unknown): string | null {
  if (readingsInRange(fix)) return null;
  const parsed = FixReadings.safeParse(fix);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.') || 'fix'}: ${issue.message}`;
}

/** One position from Echelon's own tracker (native protocol). Units: degrees, metres, m/s, %. */
export const NativeFix = FixReadings.extend({
  time: z
    .union([FixTimeMs, IsoDateTime], { error: 'must be epoch milliseconds or ISO 8601 with an offset' })
    .describe('When the fix was taken: epoch milliseconds or ISO 8601 with offset'),
  sos: z.boolean().optional().describe('The rider pressed SOS'),
}).meta({ id: 'NativeFix' });
export type NativeFix = z.infer<typeof NativeFix>;

/**
 * A batch of fixes, e.g. replayed after being offline: any order. Each fix is checked on its own, so one
 * bad fix never drops the good ones beside it; the body itself is only refused when it is not a batch.
 */
export const TrackBatch = z
  .object({ fixes: z.array(z.unknown()).min(1).max(1000) })
  .meta({ id: 'TrackBatch' });

export const IngestResult = z
  .object({
    accepted: z.number().int(),
    duplicates: z.number().int().describe('Already received (same device and timestamp): safe to drop'),
    rejected: z.array(z.object({ index: z.number().int(), reason: z.string() })),
    sos: z
      .array(
        z.object({
          index: z.number().int(),
          time: z.number().describe('the SOS as stored, epoch ms'),
          position: z
            .enum(['used', 'refused'])
            .describe('refused: the fix is also in `rejected`, but the SOS itself was received'),
        }),
      )
      .optional()
      .describe(
        'Every SOS of the batch, received, stored and raised to race control, even when its position was refused',
      ),
  })
  .meta({ id: 'IngestResult' });
export type IngestResult = z.infer<typeof IngestResult>;

export const DeviceToken = z
  .object({
    id: Uuid,
    registrationId: Uuid,
    token: z
      .string()
      .describe('Send as `Authorization: Bearer <token>` or `?token=` on the tracking WebSocket'),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'DeviceToken' });

export const RegistrationParams = z.object({ registrationId: Uuid });

/** An SOS as race control sees it: who, when, where the tracker said, and whether that place was believable. */
export const SosAlert = z
  .object({
    registrationId: Uuid,
    bib: z.number().int(),
    rider: z.string(),
    time: z.number().describe('when the SOS was sent, epoch ms'),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    accuracy: z.number().nullable().describe('m'),
    positionRefused: z
      .string()
      .nullable()
      .describe(
        'why the position was not used for the race (impossible jump, stale, inaccurate); null when it was',
      ),
  })
  .meta({ id: 'SosAlert' });
export type SosAlert = z.infer<typeof SosAlert>;

export const SosAlerts = z.object({ items: z.array(SosAlert) }).meta({ id: 'SosAlerts' });

/**
 * A batch of fixes the cluster accepted but could not store after a bounded number of deliveries: kept in
 * the dead-letter stream with its error so nothing accepted is lost silently.
 */
export const FixDeadLetter = z
  .object({
    seq: z.number().int().describe('Position in the dead-letter stream'),
    at: IsoDateTime.describe('When it was given up on'),
    deliveries: z.number().int().describe('How many times storing it was tried'),
    error: z.string().describe('Why the last try failed'),
    raceId: z.string().nullable(),
    registrationId: z.string().nullable(),
    fixes: z.number().int().describe('How many fixes the batch holds'),
    batch: z.string().describe('The batch as it was in the fixes stream (JSON), to store again by hand'),
  })
  .meta({ id: 'FixDeadLetter' });
export type FixDeadLetter = z.infer<typeof FixDeadLetter>;

export const FixDeadLetterList = z
  .object({
    items: z.array(FixDeadLetter).describe('Newest first'),
    total: z.number().int().describe('How many the dead-letter stream holds'),
  })
  .meta({ id: 'FixDeadLetterList' });
export const FixDeadLetterQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';

/** One position from Echelon's own tracker (native protocol). Units: degrees, metres, m/s, %. */
export const NativeFix = z
  .object({
    time: z
      .union([z.number().int().positive(), IsoDateTime])
      .describe('When the fix was taken: epoch milliseconds or ISO 8601 with offset'),
    lat: z.number(),
    lon: z.number(),
    accuracy: z.number().min(0).nullable().optional().describe('horizontal accuracy, m'),
    speed: z.number().nullable().optional().describe('m/s'),
    altitude: z.number().nullable().optional().describe('m'),
    heading: z.number().nullable().optional().describe('degrees'),
    battery: z.number().min(0).max(100).nullable().optional().describe('%'),
    sos: z.boolean().optional().describe('The rider pressed SOS'),
  })
  .meta({ id: 'NativeFix' });
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

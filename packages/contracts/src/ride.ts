import { z } from 'zod';
import { Email } from './auth.ts';
import { Uuid } from './common.ts';
import { StageStatus } from './stages.ts';

/** What revoking a registration's trackers ended: OAuth grants (with their tokens) and device tokens. */
export const DeviceGrantsRevoked = z
  .object({
    grants: z
      .number()
      .int()
      .describe('OAuth grants revoked, with every access and refresh token they issued'),
    deviceTokens: z.number().int().describe('native device tokens revoked'),
  })
  .meta({ id: 'DeviceGrantsRevoked' });

/** Names the account that rides a registration: by id, or by e-mail as organisers know riders. */
export const RegistrationRiderBody = z
  .object({
    userId: Uuid.nullable()
      .optional()
      .describe('The rider account that rides this registration; null unlinks it'),
    email: Email.optional().describe('Or name the rider account by its e-mail address'),
  })
  .refine((body) => (body.userId === undefined) !== (body.email === undefined), {
    message: 'Give either a userId or an email',
  })
  .meta({ id: 'RegistrationRiderBody' });
export type RegistrationRiderBody = z.infer<typeof RegistrationRiderBody>;

/** The tracker app's own registration, as its access token sees it. */
export const RideInfo = z
  .object({
    registrationId: Uuid,
    raceId: Uuid,
    raceName: z.string(),
    raceStatus: z.string(),
    bib: z.number().int(),
    name: z.string(),
    stage: z
      .object({ id: Uuid, number: z.number().int(), name: z.string(), status: StageStatus })
      .nullable()
      .describe('The stage of the day: the one running, else the next scheduled, else the last'),
  })
  .meta({ id: 'RideInfo' });
export type RideInfo = z.infer<typeof RideInfo>;

/** What configures a third-party tracker app for one registration. */
export const TrackerSetup = z
  .object({
    registrationId: Uuid,
    bib: z.number().int(),
    name: z.string(),
    raceName: z.string(),
    deviceId: z.string().nullable().describe('The tracker id Traccar Client / OwnTracks must send'),
    osmandUrl: z.string().describe('Server URL for Traccar Client and OsmAnd'),
    owntracksUrl: z.string().describe('HTTP mode URL for OwnTracks'),
  })
  .meta({ id: 'TrackerSetup' });
export type TrackerSetup = z.infer<typeof TrackerSetup>;

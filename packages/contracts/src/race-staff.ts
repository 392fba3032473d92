import { z } from 'zod';
import { Email, Role } from './auth.ts';
import { IsoDateTime, Uuid } from './common.ts';

/** A user allowed to officiate a race they do not own (decisions, passings, race control). */
export const RaceStaffMember = z
  .object({
    userId: Uuid,
    name: z.string(),
    email: z.string(),
    role: Role,
    createdAt: IsoDateTime,
  })
  .meta({ id: 'RaceStaffMember' });
export type RaceStaffMember = z.infer<typeof RaceStaffMember>;

export const AddRaceStaffBody = z
  .object({
    userId: Uuid.optional(),
    email: Email.optional().describe('Or name the user by their e-mail address'),
  })
  .refine((b) => b.userId !== undefined || b.email !== undefined, { message: 'Give a userId or an email' });
export type AddRaceStaffBody = z.infer<typeof AddRaceStaffBody>;

export const RaceStaffParams = z.object({ raceId: Uuid, userId: Uuid });

import { CATEGORY_KINDS, GENDERS } from '@echelon/domain';
import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';
import { RiderInvitation } from './invitations.ts';

export const Gender = z.enum(GENDERS).describe('M, F or X').meta({ id: 'Gender' });

const CURRENT_YEAR = new Date().getUTCFullYear();

/** The fields of a start-list entry, each as it is checked, with no defaults (updates must not invent values). */
const RegistrationFields = {
  bib: z.number().int().min(1).max(99_999),
  firstName: z.string().trim().min(1, 'first name is required').max(80),
  lastName: z.string().trim().min(1, 'last name is required').max(80),
  team: z.string().trim().max(120).nullable(),
  category: z.string().trim().min(1).max(40).nullable().describe('Category code'),
  gender: Gender.nullable(),
  birthYear: z
    .number()
    .int()
    .min(1900, `birth year must be between 1900 and ${CURRENT_YEAR}`)
    .max(CURRENT_YEAR, `birth year must be between 1900 and ${CURRENT_YEAR}`)
    .nullable(),
  nationality: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2,3}$/, 'nationality must be a 2- or 3-letter country code (FR, FRA)')
    .transform((value) => value.toUpperCase())
    .nullable(),
  deviceId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\w.:@-]+$/, 'device id may contain letters, digits and . _ : @ - only')
    .nullable()
    .describe('The identifier an existing tracker app sends (Traccar Client / OsmAnd id, OwnTracks user)'),
  wave: z.string().trim().min(1).max(60).nullable(),
};

/** One rider on a start list, as entered by an organiser or read from a CSV row. */
export const RegistrationInput = z.object({
  ...RegistrationFields,
  team: RegistrationFields.team.default(null),
  category: RegistrationFields.category.default(null),
  gender: RegistrationFields.gender.default(null),
  birthYear: RegistrationFields.birthYear.default(null),
  nationality: RegistrationFields.nationality.default(null),
  deviceId: RegistrationFields.deviceId.default(null),
  wave: RegistrationFields.wave.default(null),
});
export type RegistrationInput = z.infer<typeof RegistrationInput>;

export const Registration = z
  .object({
    id: Uuid,
    raceId: Uuid,
    bib: z.number().int(),
    firstName: z.string(),
    lastName: z.string(),
    team: z.string().nullable(),
    category: z.string().nullable(),
    gender: Gender.nullable(),
    birthYear: z.number().int().nullable(),
    nationality: z.string().nullable(),
    deviceId: z
      .string()
      .nullable()
      .describe('The tracker id; shown to the race’s officials only (null for everyone else)'),
    wave: z.string().nullable(),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'Registration' });

export const UpdateRegistrationBody = z
  .object(RegistrationFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Nothing to update');

export const ListRegistrationsQuery = z.object({
  category: z.string().optional(),
  q: z.string().trim().max(100).optional().describe('Search in name, team and bib'),
});
export const RegistrationList = z.object({ items: z.array(Registration), total: z.number().int() });

/**
 * The account linked to a registration (it may connect its own trackers through /ride). For the race's
 * managers only: the public start list never carries riders' accounts or e-mail addresses.
 */
export const RegistrationRider = z
  .object({
    registrationId: Uuid,
    userId: Uuid,
    name: z.string(),
    email: z.string(),
  })
  .meta({ id: 'RegistrationRider' });
export type RegistrationRider = z.infer<typeof RegistrationRider>;
export const RegistrationRiderList = z.object({
  items: z.array(RegistrationRider),
  invitations: z
    .array(RiderInvitation)
    .describe(
      'Pending invitations of riders for the race’s registrations (not accepted, revoked or expired)',
    ),
});

export const ImportRegistrationsQuery = z.object({
  mode: z
    .enum(['append', 'replace'])
    .default('append')
    .describe(
      'append: add to the start list; replace: the file becomes the whole start list (refused once ' +
        'fixes, passings, results or decisions are recorded for its riders)',
    ),
  createCategories: z
    .stringbool()
    .default(false)
    .describe(
      'create the categories the file names that the race does not have (as custom categories); ' +
        'without, such a row is an error naming its line',
    ),
});
export const ImportResult = z
  .object({
    imported: z.number().int(),
    createdCategories: z.array(z.string()),
  })
  .meta({ id: 'ImportResult' });

export const CSV_HEADER = [
  'bib',
  'first_name',
  'last_name',
  'team',
  'category',
  'gender',
  'birth_year',
  'nationality',
  'device_id',
  'wave',
] as const;

export const Category = z
  .object({
    id: Uuid,
    raceId: Uuid,
    code: z.string(),
    name: z.string(),
    kind: z.enum(CATEGORY_KINDS),
    gender: Gender.nullable(),
    minAge: z.number().int().nullable(),
    maxAge: z.number().int().nullable(),
  })
  .meta({ id: 'Category' });
export const CreateCategoryBody = z
  .object({
    code: z.string().trim().min(1).max(40),
    name: z.string().trim().min(1).max(120),
    kind: z.enum(CATEGORY_KINDS).default('custom'),
    gender: Gender.nullable().default(null),
    minAge: z.number().int().min(0).max(120).nullable().default(null),
    maxAge: z.number().int().min(0).max(120).nullable().default(null),
  })
  .refine((c) => c.minAge === null || c.maxAge === null || c.minAge <= c.maxAge, {
    message: 'minAge must not exceed maxAge',
    path: ['maxAge'],
  });

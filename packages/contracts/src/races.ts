import { DISCIPLINES, RACE_STATUSES, VISIBILITIES } from '@echelon/domain';
import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';

export const RaceStatus = z.enum(RACE_STATUSES).meta({ id: 'RaceStatus' });
export const Visibility = z
  .enum(VISIBILITIES)
  .describe('public: listed; unlisted: anyone with the link; private: organisers only')
  .meta({ id: 'Visibility' });
export const Discipline = z.enum(DISCIPLINES).meta({ id: 'Discipline' });

const isTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};
export const TimeZone = z
  .string()
  .refine(isTimeZone, { message: 'Not an IANA time zone such as Europe/Paris' })
  .describe('IANA time zone, e.g. Europe/Paris');

export const Race = z
  .object({
    id: Uuid,
    name: z.string(),
    description: z.string(),
    location: z.string(),
    timeZone: z.string(),
    visibility: Visibility,
    discipline: Discipline,
    status: RaceStatus,
    ownerId: Uuid,
    startDate: z.iso.date().nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    statusChangedAt: IsoDateTime,
  })
  .meta({ id: 'Race' });
export type Race = z.infer<typeof Race>;

export const CreateRaceBody = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).default(''),
  location: z.string().trim().max(200).default(''),
  timeZone: TimeZone.default('UTC'),
  visibility: Visibility.default('public'),
  discipline: Discipline.default('road'),
  startDate: z.iso.date().nullable().default(null),
});
export const UpdateRaceBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(10_000),
    location: z.string().trim().max(200),
    timeZone: TimeZone,
    visibility: Visibility,
    discipline: Discipline,
    startDate: z.iso.date().nullable(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Nothing to update');

/** `?status=live,neutralised` or `?status=live&status=neutralised`: one list of statuses either way. */
const splitStatuses = (value: unknown) =>
  typeof value === 'string' || Array.isArray(value)
    ? [value]
        .flat()
        .flatMap((item) => (typeof item === 'string' ? item.split(',').map((s) => s.trim()) : item))
    : value;

export const ListRacesQuery = z.object({
  status: z
    .preprocess(splitStatuses, z.array(RaceStatus).min(1).max(RACE_STATUSES.length))
    .optional()
    .describe('Races in any of these statuses: comma-separated (live,neutralised) or repeated'),
  q: z.string().trim().max(100).optional().describe('Search in name and location'),
  mine: z.stringbool().optional().describe('Only races the caller organises'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const RaceList = z.object({ items: z.array(Race), total: z.number().int() }).meta({ id: 'RaceList' });

export const SetRaceStatusBody = z.object({
  status: RaceStatus,
  stageId: Uuid.optional().describe(
    'The stage going live, neutralised or finished; defaults to the stage of the day (the running one, else the next scheduled)',
  ),
  at: z
    .union([z.number().int().positive(), IsoDateTime])
    .optional()
    .describe('When it happened (the flag dropped), epoch ms or ISO 8601; defaults to now'),
  reason: z.string().max(500).optional().describe('Why, for the audit log (e.g. "crash at km 87")'),
});

import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';

const Reason = z.string().trim().min(3, 'give the reason (it goes in the communiqué)').max(500);

/** A commissaire's decision on one rider's stage result. Every decision states its reason. */
export const CreateDecisionBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('penalty'),
    registrationId: Uuid,
    seconds: z.number().min(1).max(86_400).describe('time penalty added to the GC'),
    reason: Reason,
  }),
  z.object({
    kind: z.literal('time_correction'),
    registrationId: Uuid,
    seconds: z
      .number()
      .min(-86_400)
      .max(86_400)
      .describe('seconds added to (or, negative, taken from) the stage time'),
    reason: Reason,
  }),
  z.object({
    kind: z.literal('status'),
    registrationId: Uuid,
    status: z.enum(['DNF', 'DNS', 'DSQ', 'OTL']),
    reason: Reason,
  }),
  z.object({
    kind: z.literal('reinstate'),
    registrationId: Uuid,
    reason: Reason.describe('e.g. the jury extends the time limit for this rider'),
  }),
  z.object({
    kind: z.literal('relegation'),
    registrationId: Uuid,
    place: z.number().int().min(1).describe('the place the rider is moved to among the finishers'),
    reason: Reason,
  }),
]);
export type CreateDecisionBody = z.infer<typeof CreateDecisionBody>;

export const Decision = z
  .object({
    id: Uuid,
    stageId: Uuid,
    registrationId: Uuid,
    bib: z.number().int(),
    kind: z.enum(['penalty', 'time_correction', 'status', 'reinstate', 'relegation']),
    seconds: z.number().nullable(),
    status: z.string().nullable(),
    place: z.number().int().nullable(),
    reason: z.string(),
    author: z.string().nullable().describe('who decided'),
    at: IsoDateTime,
    revokedAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'Decision' });

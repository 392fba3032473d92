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
  z.object({
    kind: z.literal('gc_time'),
    registrationId: Uuid,
    seconds: z
      .number()
      .min(0)
      .max(864_000)
      .describe('the stage time the GC counts for this rider (times taken before the finish)'),
    reason: Reason,
  }),
  z.object({
    kind: z.literal('gc_time_point'),
    checkpointId: Uuid.describe('the GC counts every rider’s time at this timing point, not at the finish'),
    reason: Reason.describe('e.g. rain: times taken with one lap to go'),
  }),
  z.object({
    kind: z.literal('final_km_incident'),
    registrationId: Uuid,
    distanceToGo: z.number().min(0).max(100_000).describe('metres from the incident to the line'),
    sameGroupAs: z.number().int().min(1).describe('bib of a rider of the group the victim was in'),
    reason: Reason.describe('crash, puncture or mechanical, as noted'),
  }),
  z.object({
    kind: z.literal('free_lap'),
    registrationId: Uuid,
    laps: z.number().int().min(1).max(50).describe('laps the recognised mishap cost'),
    distanceToGo: z.number().min(0).max(1_000_000).describe('metres still to race when it happened'),
    reason: Reason,
  }),
  z.object({
    kind: z.literal('combativity'),
    registrationId: Uuid,
    reason: Reason.describe('the jury’s combativity award'),
  }),
]);
export type CreateDecisionBody = z.infer<typeof CreateDecisionBody>;

export const DecisionKind = z.enum([
  'penalty',
  'time_correction',
  'status',
  'reinstate',
  'relegation',
  'gc_time',
  'gc_time_point',
  'final_km_incident',
  'free_lap',
  'combativity',
]);
export type DecisionKind = z.infer<typeof DecisionKind>;

export const Decision = z
  .object({
    id: Uuid,
    stageId: Uuid,
    registrationId: Uuid.nullable().describe('null for a decision on the whole stage'),
    bib: z.number().int().nullable(),
    kind: DecisionKind,
    seconds: z.number().nullable(),
    status: z.string().nullable(),
    place: z.number().int().nullable(),
    checkpointId: Uuid.nullable(),
    distanceToGo: z.number().nullable().describe('metres'),
    laps: z.number().int().nullable(),
    sameGroupAs: z.number().int().nullable(),
    reason: z.string(),
    author: z.string().nullable().describe('who decided'),
    at: IsoDateTime,
    revokedAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'Decision' });

/**
 * A rider withdrawn from the race once racing has begun, instead of being deleted (which would take
 * their fixes, passings and results with them): a status decision on one stage.
 */
export const WithdrawalBody = z.object({
  status: z.enum(['DNS', 'DNF']).describe('DNS: did not start the stage; DNF: abandoned during it'),
  stageId: Uuid.optional().describe(
    'the stage it applies to; default: the latest stage that has started, else the first stage',
  ),
  reason: Reason,
});
export type WithdrawalBody = z.infer<typeof WithdrawalBody>;

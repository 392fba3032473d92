import { z } from 'zod';
import { Uuid } from './common.ts';

const Evidence = z.object({
  time: z.number().describe('epoch ms'),
  distance: z.number().describe('m from the start'),
  lat: z.number().nullable().describe('null for the stage’s start, where no fix placed the rider'),
  lon: z.number().nullable(),
});

/**
 * A crossing the rider's track does not support (a long data gap, or faster than a cyclist rides): not
 * credited, left to the results desk with the fixes either side as evidence.
 */
export const TrackReviewItem = z
  .object({
    registrationId: Uuid,
    bib: z.number().int(),
    rider: z.string(),
    checkpointId: z
      .string()
      .describe('a checkpoint id, or the id of a lap line the results add at a lap’s end'),
    checkpoint: z.string(),
    checkpointKind: z.string().describe('the checkpoint’s kind, or `lap` for a lap line'),
    reason: z.enum(['data_gap', 'implausible_speed']),
    interpolatedTime: z.number().describe('what a straight interpolation would give, epoch ms: a hint only'),
    speed: z.number().describe('mean speed over the stretch (or sustained, for implausible_speed), m/s'),
    before: Evidence,
    after: Evidence,
  })
  .meta({ id: 'TrackReviewItem' });
export type TrackReviewItem = z.infer<typeof TrackReviewItem>;

export const TrackReview = z.object({ items: z.array(TrackReviewItem) }).meta({ id: 'TrackReview' });
export type TrackReview = z.infer<typeof TrackReview>;

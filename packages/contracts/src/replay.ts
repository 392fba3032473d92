import { z } from 'zod';
import { Uuid } from './common.ts';
import { CheckpointKind } from './courses.ts';

/** The values of one track sample, in the order they follow each other in `samples`. */
export const TRACK_SAMPLE_FIELDS = ['t', 'distance', 'lat', 'lon', 'speed'] as const;
/** Numbers per sample in a rider's flat `samples` array. */
export const TRACK_SAMPLE_STRIDE = TRACK_SAMPLE_FIELDS.length;

export const StageTracksQuery = z.object({
  step: z.coerce
    .number()
    .int()
    .min(1)
    .max(60)
    .default(10)
    .describe('At most one sample per this many seconds per rider'),
  registrationId: Uuid.optional().describe('Only this rider'),
});

export const RiderTrack = z
  .object({
    id: Uuid.describe('registration id'),
    bib: z.number().int(),
    name: z.string(),
    team: z.string().nullable(),
    category: z.string().nullable(),
    t0: z.number().nullable().describe('epoch ms of the first sample; null when the rider has none'),
    samples: z
      .array(z.number())
      .describe(
        'flat, 5 numbers per sample: seconds after t0 (0.1 s), distance along the course (m), lat, lon ' +
          '(5 decimals), recent speed (km/h, 0.1). Each sample is a real fix projected onto the course, ' +
          'the latest at each step boundary; interpolate between them by time. The last sample of a ' +
          'finisher is the finish line at the finish time.',
      ),
    finish: z.number().nullable().describe('finish time, epoch ms'),
    out: z
      .number()
      .nullable()
      .describe(
        'epoch ms of the commissaire’s decision (DNF or DSQ, not revoked nor undone by a reinstatement) ' +
          'that took the rider out of the race: out of the standings from then on, as in the live feed; ' +
          'null when none stands',
      ),
  })
  .meta({ id: 'RiderTrack' });
export type RiderTrack = z.infer<typeof RiderTrack>;

export const TrackCheckpoint = z
  .object({ id: Uuid, kind: CheckpointKind, name: z.string(), distance: z.number().describe('m') })
  .meta({ id: 'TrackCheckpoint' });

export const StageTracks = z
  .object({
    stageId: Uuid,
    startedAt: z.number().describe('epoch ms'),
    finishedAt: z.number().nullable().describe('epoch ms; null while the stage runs'),
    length: z.number().describe('whole course, all laps, m'),
    step: z.number().int().describe('seconds'),
    course: z.object({
      simplified: z.array(z.tuple([z.number(), z.number()])).describe('one lap, [lat, lon] pairs'),
      checkpoints: z.array(TrackCheckpoint),
    }),
    riders: z.array(RiderTrack),
  })
  .meta({ id: 'StageTracks' });
export type StageTracks = z.infer<typeof StageTracks>;

import { z } from 'zod';
import { Uuid } from './common.ts';
import { CheckpointKind } from './courses.ts';
import { RaceStatus } from './races.ts';

/** A checkpoint as one rider crossed it, from the stage's recorded fixes. */
export const CheckpointSplit = z
  .object({
    checkpointId: Uuid,
    name: z.string(),
    kind: CheckpointKind,
    distance: z.number().describe('from the start, m'),
    time: z.number().describe('crossing, epoch ms'),
    elapsed: z.number().describe('seconds since the stage’s start (0.1 s)'),
    speed: z.number().nullable().describe('km/h since the previous checkpoint; null at the first'),
  })
  .meta({ id: 'CheckpointSplit' });

export const RiderStageResult = z
  .object({
    stageId: Uuid,
    number: z.number().int(),
    name: z.string(),
    startedAt: z.number().nullable().describe('epoch ms'),
    rank: z.number().int().nullable(),
    time: z.number().nullable().describe('seconds'),
    gap: z.number().nullable().describe('seconds behind the winner'),
    status: z.string().nullable().describe('DNF, DNS, DSQ, OTL, or null for a finisher'),
    splits: z.array(CheckpointSplit).describe('empty when the stage was not tracked'),
  })
  .meta({ id: 'RiderStageResult' });

export const RiderRace = z
  .object({
    registrationId: Uuid,
    raceId: Uuid,
    raceName: z.string(),
    raceStatus: RaceStatus,
    startDate: z.string().nullable().describe('YYYY-MM-DD'),
    bib: z.number().int(),
    team: z.string().nullable(),
    category: z.string().nullable(),
    current: z.boolean().describe('the registration the profile was asked for'),
    stages: z.array(RiderStageResult).describe('stages with a result for this rider, in order'),
  })
  .meta({ id: 'RiderRace' });

export const RiderProfile = z
  .object({
    id: Uuid.describe('registration id'),
    raceId: Uuid,
    raceName: z.string(),
    bib: z.number().int(),
    firstName: z.string(),
    lastName: z.string(),
    name: z.string(),
    team: z.string().nullable(),
    category: z.string().nullable(),
    nationality: z.string().nullable(),
    birthYear: z.number().int().nullable(),
    races: z
      .array(RiderRace)
      .describe(
        'this registration and the same person’s others in races the caller may see (same name, case ' +
          'and accents ignored), newest first',
      ),
  })
  .meta({ id: 'RiderProfile' });
export type RiderProfile = z.infer<typeof RiderProfile>;

import { STAGE_FORMATS } from '@echelon/domain';
import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';

export const StageFormat = z.enum(STAGE_FORMATS).meta({ id: 'StageFormat' });

export const Wave = z
  .object({
    name: z.string().trim().min(1).max(60),
    startOffsetSeconds: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(0)
      .describe('Start of this wave after the stage’s scheduled start'),
    categories: z.array(z.string().trim().min(1).max(40)).default([]).describe('Category codes in this wave'),
  })
  .meta({ id: 'Wave' });

export const Stage = z
  .object({
    id: Uuid,
    raceId: Uuid,
    number: z.number().int(),
    name: z.string(),
    format: StageFormat,
    scheduledStart: IsoDateTime.nullable(),
    lapCount: z.number().int(),
    waves: z.array(Wave),
    hasCourse: z.boolean(),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'Stage' });
export type Stage = z.infer<typeof Stage>;

const uniqueWaveNames = (waves: Array<{ name: string }>) =>
  new Set(waves.map((w) => w.name)).size === waves.length;

export const CreateStageBody = z.object({
  name: z.string().trim().min(1).max(200),
  number: z.number().int().min(0).max(100).optional().describe('Defaults to the next number (prologue = 0)'),
  format: StageFormat.default('road_race'),
  scheduledStart: IsoDateTime.nullable().default(null),
  lapCount: z.number().int().min(1).max(500).default(1).describe('Laps of the uploaded course (circuits)'),
  waves: z.array(Wave).max(50).default([]).refine(uniqueWaveNames, 'Wave names must be unique'),
});
export const UpdateStageBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    format: StageFormat,
    scheduledStart: IsoDateTime.nullable(),
    lapCount: z.number().int().min(1).max(500),
    waves: z.array(Wave).max(50).refine(uniqueWaveNames, 'Wave names must be unique'),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Nothing to update');

export const StageParams = z.object({ stageId: Uuid });
export const RaceParams = z.object({ raceId: Uuid });

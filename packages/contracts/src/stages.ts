import { STAGE_FORMATS, STAGE_STATUSES } from '@echelon/domain';
import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';

export const StageFormat = z.enum(STAGE_FORMATS).meta({ id: 'StageFormat' });
export const StageStatus = z
  .enum(STAGE_STATUSES)
  .describe(
    'scheduled → live ⇄ neutralised → finished → official; cancelled (not ridden or stopped) or annulled (neutralised as a whole): neither counts',
  )
  .meta({ id: 'StageStatus' });
export type StageStatus = z.infer<typeof StageStatus>;

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

const Scale = z.array(z.number().min(0).max(1000)).max(100);

const PointsRace = z
  .object({
    sprintEvery: z.number().int().min(1).max(100).default(10).describe('a sprint every this many laps'),
    sprintPoints: Scale.default([5, 3, 2, 1]),
    finalMultiplier: z.number().min(1).max(10).default(2),
    lapGain: z.number().min(0).max(100).default(20),
    lapLoss: z.number().min(0).max(100).default(20),
  })
  .meta({ id: 'PointsRaceScoring' });

/**
 * How a stage is scored: race configuration, never constants. Empty scales award nothing (many club
 * races have no time bonuses); categorised climbs use the Tour's mountain scale unless one is given.
 */
export const StageScoring = z
  .object({
    sameTimeThreshold: z.number().min(0).max(10).default(1).describe('seconds; 3 for the bunch-sprint rule'),
    finishBonus: Scale.default([]).describe('bonus seconds by finish place, e.g. [10, 6, 4]'),
    sprintBonus: Scale.default([]).describe('bonus seconds at each intermediate sprint, e.g. [3, 2, 1]'),
    finishPoints: Scale.default([]).describe('points classification, by finish place'),
    sprintPoints: Scale.default([]).describe('points classification, at each intermediate sprint'),
    mountainPoints: z
      .partialRecord(z.enum(['HC', '1', '2', '3', '4']), Scale)
      .optional()
      .describe('by climb category; a category not given uses the Tour’s scale'),
    timeLimitPercent: z.number().min(0).max(100).nullable().default(null).describe('of the winner’s time'),
    finalKmDistance: z
      .number()
      .min(0)
      .max(10_000)
      .default(3000)
      .describe('metres: a noted incident this close to the line gives the rider the group’s time'),
    summitFinish: z.boolean().default(false).describe('no final-kilometres rule on a summit finish'),
    countingRider: z
      .number()
      .int()
      .min(1)
      .max(12)
      .default(4)
      .describe('team time trial: the team’s time is this rider’s across the line'),
    timingBasis: z
      .enum(['gun', 'chip'])
      .default('gun')
      .describe(
        'gran fondo: rank by gun time (from the wave start) or chip time (from the rider’s own start)',
      ),
    freeLapCutoff: z
      .number()
      .min(0)
      .max(100_000)
      .default(8000)
      .describe('criterium: metres from the finish inside which a mishap earns no free lap'),
    pointsRace: PointsRace.default(PointsRace.parse({})),
    eliminateEvery: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(1)
      .describe('elimination: the last rider is out every this many laps'),
    targetMinutes: z
      .number()
      .min(1)
      .max(1440)
      .nullable()
      .default(null)
      .describe('cyclocross / MTB: race duration the lap count is fixed from; null races the stage’s laps'),
    pullFraction: z
      .number()
      .min(0.1)
      .max(1)
      .default(0.8)
      .describe('cyclocross / MTB: pulled this far (of the leader’s first lap) behind'),
    pullRule: z.boolean().default(true).describe('cyclocross / MTB: apply the 80 % rule'),
    brevetKm: z
      .number()
      .min(1)
      .max(5000)
      .nullable()
      .default(null)
      .describe('audax: nominal distance for control times and the overall limit; null = the course’s'),
  })
  .meta({ id: 'StageScoring' });
export type StageScoring = z.infer<typeof StageScoring>;

export const StageCourseSummary = z
  .object({
    length: z.number().describe('metres, every lap included'),
    climbing: z.number().nullable().describe('metres of ascent, every lap included; null without elevation'),
    lapCount: z.number().int(),
  })
  .meta({ id: 'StageCourseSummary' });

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
    status: StageStatus,
    hasCourse: z.boolean(),
    course: StageCourseSummary.nullable().describe('The uploaded course’s figures; null before an upload'),
    startedAt: z
      .number()
      .int()
      .nullable()
      .describe('When race control started the stage (the flag dropped), epoch ms; null before'),
    finishedAt: z
      .number()
      .int()
      .nullable()
      .describe('When race control finished the stage, epoch ms; null while it has not'),
    scoring: StageScoring,
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
  scoring: StageScoring.default(StageScoring.parse({})),
});
export const UpdateStageBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    number: z.number().int().min(0).max(100).describe('Unique in the race (prologue = 0)'),
    format: StageFormat,
    scheduledStart: IsoDateTime.nullable(),
    lapCount: z.number().int().min(1).max(500),
    waves: z.array(Wave).max(50).refine(uniqueWaveNames, 'Wave names must be unique'),
    scoring: StageScoring,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Nothing to update');

export const StageParams = z.object({ stageId: Uuid });

/** What race control may do to a stage; `official` comes from approving its results. */
export const SetStageStatusBody = z.object({
  status: z.enum(['live', 'neutralised', 'finished', 'cancelled', 'annulled']),
  at: z
    .union([z.number().int().positive(), IsoDateTime])
    .optional()
    .describe('When it happened (the flag dropped, the line closed), epoch ms or ISO 8601; defaults to now'),
  reason: z.string().max(500).optional().describe('Why, for the audit log (e.g. "crash at km 87")'),
});
export const RaceParams = z.object({ raceId: Uuid });

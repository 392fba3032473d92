import { z } from 'zod';
import { Uuid } from './common.ts';

const RiderRef = z.object({
  registrationId: Uuid,
  bib: z.number().int(),
  name: z.string(),
});

export const SegmentRecord = z
  .object({
    from: z.object({ checkpointId: Uuid, name: z.string() }),
    to: z.object({ checkpointId: Uuid, name: z.string() }),
    distance: z.number().describe('m'),
    rider: RiderRef,
    seconds: z.number().describe('0.1 s'),
    speed: z.number().describe('km/h'),
  })
  .meta({ id: 'SegmentRecord' });

export const HistogramBucket = z
  .object({
    from: z.number().describe('seconds, inclusive'),
    to: z.number().describe('seconds, exclusive'),
    count: z.number().int(),
  })
  .meta({ id: 'HistogramBucket' });

export const StageStatistics = z
  .object({
    stageId: Uuid,
    number: z.number().int(),
    name: z.string(),
    length: z.number().nullable().describe('m; null without a course'),
    starters: z.number().int().describe('riders with a result other than DNS'),
    finishers: z.number().int(),
    dnf: z.number().int(),
    dns: z.number().int(),
    dsq: z.number().int(),
    otl: z.number().int(),
    dnfRate: z.number().nullable().describe('DNF / starters, 0–1; null without starters'),
    winnerTime: z.number().nullable().describe('seconds'),
    averageSpeed: z.number().nullable().describe('mean of the finishers’ average speeds, km/h'),
    fastest: RiderRef.extend({ speed: z.number().describe('km/h'), time: z.number() })
      .nullable()
      .describe('highest average speed'),
    segments: z
      .array(SegmentRecord)
      .describe('fastest ride between consecutive checkpoints, from the recorded fixes'),
    histogram: z.object({
      bucketSeconds: z.number().int(),
      buckets: z.array(HistogramBucket).describe('finishers by stage time'),
    }),
  })
  .meta({ id: 'StageStatistics' });

export const RaceStatistics = z
  .object({
    raceId: Uuid,
    raceName: z.string(),
    stages: z.array(StageStatistics).describe('stages with results, in order'),
  })
  .meta({ id: 'RaceStatistics' });
export type RaceStatistics = z.infer<typeof RaceStatistics>;

export const CourseRecord = z
  .object({
    course: z.string(),
    length: z.number().describe('m, rounded to 100 m: courses group by name and this'),
    time: z.number().describe('seconds'),
    rider: RiderRef,
    raceId: Uuid,
    raceName: z.string(),
    stageId: Uuid,
    date: z.string().nullable().describe('YYYY-MM-DD'),
    speed: z.number().describe('km/h'),
  })
  .meta({ id: 'CourseRecord' });

export const Statistics = z
  .object({
    races: z.number().int().describe('public finished (or official) races'),
    riders: z.number().int().describe('registrations that started at least one stage'),
    finishers: z.number().int().describe('of those, riders in their race’s final general classification'),
    dnfRate: z.number().nullable().describe('1 − finishers / riders'),
    courseRecords: z.array(CourseRecord),
    racesByYear: z.array(z.object({ year: z.number().int(), races: z.number().int() })),
  })
  .meta({ id: 'Statistics' });
export type Statistics = z.infer<typeof Statistics>;

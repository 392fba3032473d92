import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';

/** One line of a classification (general, points, mountains, youth, team). */
export const ResultRow = z
  .object({
    rank: z.number().int().nullable(),
    bib: z.number().int().nullable().describe('null in the team classification'),
    registrationId: Uuid.nullable().describe(
      'The rider’s registration (their page is /riders/{registrationId}); null in the team classification',
    ),
    rider: z.string().nullable(),
    team: z.string().nullable(),
    time: z.number().nullable().describe('seconds, to the millisecond'),
    gap: z.number().nullable().describe('seconds behind the first'),
    status: z.string().nullable().describe('DNF, DNS, DSQ, OTL, PUL … or null for a finisher'),
    points: z.number().optional().describe('points and mountains classifications; a points race'),
  })
  .meta({ id: 'ResultRow' });
export type ResultRow = z.infer<typeof ResultRow>;

/** The stage a classification stands after (`?stage=`, or the latest stage with results). */
export const ClassificationStage = z
  .object({
    number: z.number().int().describe('the stage number (prologue = 0)'),
    name: z.string(),
  })
  .meta({ id: 'ClassificationStage' });

/** A classification after some stage: its rows, which stages counted, and whether it is final. */
export const Classification = z
  .object({
    state: z
      .enum(['provisional', 'official'])
      .describe(
        'official only when the stage it stands after has results and every stage counted has approved ' +
          '(official) results; provisional otherwise, and while no stage has results',
      ),
    afterStage: ClassificationStage.nullable().describe(
      'The stage the classification stands after: the one asked for with ?stage=, else the latest stage ' +
        'with results; null while no stage has results',
    ),
    stages: z
      .array(z.number().int())
      .describe(
        'Numbers of the stages whose results counted, in order: every stage up to afterStage that has ' +
          'results (one without results yet, e.g. afterStage itself, is not counted)',
      ),
    items: z.array(ResultRow),
  })
  .meta({ id: 'Classification' });
export type Classification = z.infer<typeof Classification>;

export const Split = z
  .object({
    checkpointId: Uuid,
    time: z.number().describe('seconds from the rider’s scheduled start, to the millisecond'),
    rank: z.number().int().describe('among every rider timed at this point'),
  })
  .meta({ id: 'Split' });

/** A stage result line; what a format adds (splits, laps, gun and chip times …) is present only there. */
export const StageResultRow = ResultRow.extend({
  bonus: z.number(),
  penalty: z.number(),
  splits: z.array(Split).optional().describe('time trials: each intermediate timing point'),
  laps: z.number().int().optional().describe('lap races: laps completed'),
  lapsDown: z.number().int().optional().describe('lap races: laps behind the leader (shown “−n laps”)'),
  gunTime: z.number().nullable().optional().describe('gran fondo: finish − the wave’s start'),
  chipTime: z.number().nullable().optional().describe('gran fondo: finish − the rider’s own start'),
  wave: z.string().nullable().optional(),
  ageGroup: z.string().nullable().optional().describe('gran fondo: gender and age group, e.g. "F 35-39"'),
  ageGroupRank: z.number().int().nullable().optional(),
  awards: z.array(z.string()).optional().describe('jury awards on the stage, e.g. combativity'),
}).meta({ id: 'StageResultRow' });
export type StageResultRow = z.infer<typeof StageResultRow>;

/** An audax control: when it opens and closes for riders of the brevet (rules §5). */
export const AudaxControl = z
  .object({
    checkpointId: Uuid,
    name: z.string(),
    km: z.number(),
    opensAfterMinutes: z.number().int(),
    closesAfterMinutes: z.number().int(),
    opens: IsoDateTime.nullable().describe('from the stage’s start; null until it is scheduled'),
    closes: IsoDateTime.nullable(),
  })
  .meta({ id: 'AudaxControl' });

export const StageResults = z
  .object({
    state: z.enum(['provisional', 'official']),
    timePrecision: z
      .enum(['seconds', 'hundredths'])
      .describe(
        'how the format’s rules show times: hundredths (truncated) in time trials and a gran fondo, whole ' +
          'seconds elsewhere. Times and gaps are sent in seconds to the millisecond; ranks use the exact time',
      ),
    items: z.array(StageResultRow),
    controls: z.array(AudaxControl).optional().describe('audax: the controls’ opening and closing times'),
  })
  .meta({ id: 'StageResults' });

/** An instant as epoch milliseconds or ISO 8601 with an offset, as timing systems write them. */
const Instant = z.union([z.number().int().positive(), IsoDateTime]);

export const StartTime = z
  .object({
    registrationId: Uuid,
    bib: z.number().int(),
    rider: z.string(),
    team: z.string().nullable(),
    order: z.number().int().describe('1-based order on the start list'),
    start: IsoDateTime,
  })
  .meta({ id: 'StartTime' });

export const StartTimes = z.object({ items: z.array(StartTime) }).meta({ id: 'StartTimes' });

export const SetStartTimesBody = z
  .object({
    items: z
      .array(z.object({ bib: z.number().int().min(1), start: Instant.describe('epoch ms or ISO 8601') }))
      .min(1)
      .max(20_000),
  })
  .describe('The whole start list: it replaces the stage’s');

export const GenerateStartTimesBody = z.object({
  firstStart: IsoDateTime,
  interval: z.number().int().min(1).max(3600).default(60).describe('seconds between starters'),
  lastRiders: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(10)
    .describe('how many of the last starters (the GC leaders) start further apart'),
  lastInterval: z.number().int().min(1).max(3600).default(120).describe('seconds between those'),
});

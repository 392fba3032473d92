import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';
import { Gender } from './registrations.ts';

/**
 * A rider's places in the rankings published besides the overall one (absent on team rows): every
 * ranking is ranked on its own from the overall order, shared places kept.
 */
const RankingFields = {
  gender: z.string().nullable().optional().describe('the rider’s gender (M, F, X)'),
  genderRank: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe('place among riders of the same gender (women’s and men’s rankings)'),
  category: z.string().nullable().optional().describe('the rider’s category code'),
  categoryRank: z.number().int().nullable().optional().describe('place within the rider’s category'),
  ageGroup: z
    .string()
    .nullable()
    .optional()
    .describe(
      'the age group: the race’s age category (one with minAge/maxAge) the rider is in, by their own ' +
        'category or by race year − birth year and gender; only for a race without age categories the ' +
        'default bands with the gender, e.g. "F 35-39"',
    ),
  ageGroupRank: z.number().int().nullable().optional().describe('place within the age group'),
};

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
    ...RankingFields,
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
    name: z.string().describe('the timing point’s name'),
    time: z
      .number()
      .describe(
        'seconds from the rider’s start (a time trial’s scheduled start, a gran fondo’s wave or own start ' +
          'as the stage ranks, else the stage’s start), to the millisecond',
      ),
    rank: z.number().int().describe('among every rider timed at this point'),
    gap: z.number().describe('seconds behind the fastest at this point'),
  })
  .meta({ id: 'Split' });

/** A stage result line; what a format adds (splits, laps, gun and chip times …) is present only there. */
export const StageResultRow = ResultRow.extend({
  bonus: z.number(),
  penalty: z.number(),
  splits: z
    .array(Split)
    .optional()
    .describe('every intermediate timing point the rider passed, in course order (passings or GPS)'),
  laps: z.number().int().optional().describe('lap races: laps completed'),
  lapsDown: z.number().int().optional().describe('lap races: laps behind the leader (shown “−n laps”)'),
  gunTime: z.number().nullable().optional().describe('gran fondo: finish − the wave’s start'),
  chipTime: z.number().nullable().optional().describe('gran fondo: finish − the rider’s own start'),
  wave: z.string().nullable().optional(),
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

/**
 * The rankings a results table can be narrowed to. Rows keep every place they hold (`rank`, `genderRank`,
 * `categoryRank`, `ageGroupRank`); how `rank` reads once narrowed is said by each operation.
 */
export const RankingFilterQuery = z.object({
  gender: Gender.optional().describe('only riders of this gender: the women’s or men’s ranking'),
  category: z.string().optional().describe('only this category code'),
  ageGroup: z
    .string()
    .optional()
    .describe('only this age group: a race age category’s code (e.g. F40-44), or a default band (35-39)'),
});
export type RankingFilterQuery = z.infer<typeof RankingFilterQuery>;

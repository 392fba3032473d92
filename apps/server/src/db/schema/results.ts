import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';

import { users } from './accounts.ts';
import { id, ts } from './columns.ts';
import { checkpoints, races, registrations, stages } from './races.ts';

/**
 * A rider's official result on a stage when it comes from elsewhere (a timing company's file): the
 * time, bonus and penalty seconds and a status. The scoring engine builds classifications from these.
 */
export const stageResults = pgTable(
  'stage_results',
  {
    stageId: uuid('stage_id')
      .notNull()
      .references(() => stages.id, { onDelete: 'cascade' }),
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    time: doublePrecision('time_s'),
    bonus: doublePrecision('bonus_s').notNull().default(0),
    penalty: doublePrecision('penalty_s').notNull().default(0),
    status: text('status'),
    /** Points-classification and mountains points awarded on the stage (finish, sprints, climbs). */
    points: doublePrecision('points').notNull().default(0),
    mountainPoints: doublePrecision('mountain_points').notNull().default(0),
    /** Order in the source, which breaks ties the way the source did (photo finish). */
    position: integer('position').notNull(),
    source: text('source').notNull(),
    importedAt: ts('imported_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.stageId, t.registrationId] })],
);

/**
 * A commissaire's decision on a stage result: who, when, why, and what (a penalty, a time correction,
 * a status, a relegation, a reinstatement). Results are recomputed from the source data and these
 * records; a decision is never edited, only revoked by another record.
 */
export const decisions = pgTable(
  'decisions',
  {
    id: id(),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => stages.id, { onDelete: 'cascade' }),
    /** Null for a decision on the whole stage (e.g. GC times taken at a point before the finish). */
    registrationId: uuid('registration_id').references(() => registrations.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    seconds: doublePrecision('seconds'),
    status: text('status'),
    place: integer('place'),
    /** The timing point a stage-wide decision names (GC times taken there). */
    checkpointId: uuid('checkpoint_id').references(() => checkpoints.id, { onDelete: 'set null' }),
    /** Metres still to race when an incident happened (final-kilometres rule, free laps). */
    distance: doublePrecision('distance_m'),
    /** Laps a recognised mishap cost the rider (criterium free lap). */
    laps: integer('laps'),
    /** Bib of a rider of the group the victim of a final-kilometres incident was in. */
    sameGroupAs: integer('same_group_as'),
    reason: text('reason').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    at: ts('at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('decisions_stage_idx').on(t.stageId)],
);

/** When a stage's results were approved: from then on they are official and no decision changes them. */
export const stageApprovals = pgTable('stage_approvals', {
  stageId: uuid('stage_id')
    .primaryKey()
    .references(() => stages.id, { onDelete: 'cascade' }),
  approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
  at: ts('at').notNull().defaultNow(),
});

/**
 * A timing system's read of a rider at a timing point (a checkpoint). Where present it overrides the
 * crossing derived from GPS at that point.
 */
export const passings = pgTable(
  'passings',
  {
    stageId: uuid('stage_id')
      .notNull()
      .references(() => stages.id, { onDelete: 'cascade' }),
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    checkpointId: uuid('checkpoint_id')
      .notNull()
      .references(() => checkpoints.id, { onDelete: 'cascade' }),
    /** Which pass of the point this is (1 on a point-to-point course; the lap on a circuit line). */
    lap: integer('lap').notNull().default(1),
    time: bigint('time_ms', { mode: 'number' }).notNull(),
    importedAt: ts('imported_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.stageId, t.registrationId, t.checkpointId, t.lap] })],
);

/**
 * A rider's scheduled start on a stage with individual starts (time trials, audax): time trial times run
 * from it, not from the actual start, so a rider who leaves late loses the time (rules §3).
 */
export const startTimes = pgTable(
  'start_times',
  {
    stageId: uuid('stage_id')
      .notNull()
      .references(() => stages.id, { onDelete: 'cascade' }),
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    /** Epoch ms. */
    startAt: bigint('start_at', { mode: 'number' }).notNull(),
    /** 1-based order on the start list. */
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stageId, t.registrationId] })],
);

/**
 * A stage's results as they were last computed and stored: reads serve these rows, never the raw
 * fixes. The evidence window is the span of fix times that count for the stage (start − margin to
 * finish + time limit; open while the stage runs), kept here so ingest can tell cheaply whether a late
 * fix concerns it. `staleSince` marks new evidence not yet scored; while the stage is approved
 * (`stage_approvals`) nothing marks it stale.
 */
export const stageResultSets = pgTable(
  'stage_result_sets',
  {
    stageId: uuid('stage_id')
      .primaryKey()
      .references(() => stages.id, { onDelete: 'cascade' }),
    raceId: uuid('race_id')
      .notNull()
      .references(() => races.id, { onDelete: 'cascade' }),
    computedAt: ts('computed_at').notNull().defaultNow(),
    /** Why it was computed: the stage finished, an audited change (its action), late fixes, a reopening. */
    reason: text('reason').notNull(),
    /** Epoch ms: fixes from this instant count for the stage; null when none do (an imported file). */
    windowFrom: bigint('window_from_ms', { mode: 'number' }),
    /** Epoch ms: fixes up to this instant count; null while the stage has not finished. */
    windowTo: bigint('window_to_ms', { mode: 'number' }),
    /** Stored lines; a stage with none has no results yet. */
    rowCount: integer('row_count').notNull(),
    staleSince: ts('stale_since'),
    staleReason: text('stale_reason'),
    /** Who made the change that made it stale (null: the system, e.g. late fixes). */
    staleBy: uuid('stale_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('stage_result_sets_race_idx').on(t.raceId)],
);

/**
 * A rider's stored line of a stage: the row exactly as the API and CSV present it, the scoring
 * engine's input the classifications are built from (with the rider as registered at the time, so a
 * later start-list edit cannot change official results), and the evidence that produced it. The
 * registration is not a foreign key: official results outlive the start list.
 */
export const storedStageResults = pgTable(
  'stored_stage_results',
  {
    stageId: uuid('stage_id')
      .notNull()
      .references(() => stageResultSets.stageId, { onDelete: 'cascade' }),
    registrationId: uuid('registration_id').notNull(),
    /** Order of the row in the presented results. */
    position: integer('position').notNull(),
    bib: integer('bib').notNull(),
    rank: integer('rank'),
    /** The exact time the line stands on, in milliseconds (null without one). */
    timeMs: bigint('time_ms', { mode: 'number' }),
    status: text('status'),
    row: jsonb('row').$type<Record<string, unknown>>().notNull(),
    engine: jsonb('engine').$type<Record<string, unknown>>().notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.stageId, t.registrationId] }),
    // A rider's page reads each stage's winning time: the lines ranked 1, not the whole stage's.
    index('stored_stage_results_stage_rank_idx').on(t.stageId, t.rank),
  ],
);

/**
 * A classification after stage N (by number) as last computed from the stored stage results: its
 * items unfiltered, the stages counted and whether it was official then.
 */
export const storedClassifications = pgTable(
  'stored_classifications',
  {
    raceId: uuid('race_id')
      .notNull()
      .references(() => races.id, { onDelete: 'cascade' }),
    afterStage: integer('after_stage').notNull(),
    kind: text('kind').notNull(),
    state: text('state').notNull(),
    stages: jsonb('stages').$type<number[]>().notNull(),
    items: jsonb('items').$type<Array<Record<string, unknown>>>().notNull(),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.raceId, t.afterStage, t.kind] })],
);

/**
 * Each rider's GPS timing on a stage as far as their fixes have been read (results-side, not live): the
 * rider's track state after the fixes up to `throughMs`, with their crossings so far, kept up to date
 * while the stage runs so that computing its results at the finish reads only the last fixes. `basis`
 * names what it was computed on (start, course, lines): another basis is computed again from scratch.
 */
export const stageRiderProgress = pgTable(
  'stage_rider_progress',
  {
    stageId: uuid('stage_id')
      .notNull()
      .references(() => stages.id, { onDelete: 'cascade' }),
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    basis: text('basis').notNull(),
    /** Epoch ms of the last fix read (null: none yet); a fix stored later at or before it redoes the rider. */
    throughMs: bigint('through_ms', { mode: 'number' }),
    /** Epoch ms of the earliest fix stored at or before `throughMs` since it was read: redo from scratch. */
    lateFromMs: bigint('late_from_ms', { mode: 'number' }),
    /** The saved state as JSON text (parsed in the process: cheaper than jsonb for thousands of riders). */
    progress: text('progress').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.stageId, t.registrationId] }),
    index('stage_rider_progress_registration_idx').on(t.registrationId),
  ],
);

import {
  bigint,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';

import { users } from './accounts.ts';
import { id, ts } from './columns.ts';
import { checkpoints, registrations, stages } from './races.ts';

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

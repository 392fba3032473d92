import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

import { users } from './accounts.ts';
import { bytea, id, ts } from './columns.ts';

export const races = pgTable(
  'races',
  {
    id: id(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    location: text('location').notNull().default(''),
    timeZone: text('time_zone').notNull().default('UTC'),
    visibility: text('visibility').notNull().default('public'),
    discipline: text('discipline').notNull().default('road'),
    status: text('status').notNull().default('draft'),
    startDate: text('start_date'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    statusChangedAt: ts('status_changed_at').notNull().defaultNow(),
  },
  (t) => [index('races_owner_idx').on(t.ownerId), index('races_status_idx').on(t.status)],
);

export interface WaveRow {
  name: string;
  startOffsetSeconds: number;
  categories: string[];
}

export const stages = pgTable(
  'stages',
  {
    id: id(),
    raceId: uuid('race_id')
      .notNull()
      .references(() => races.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    format: text('format').notNull(),
    scheduledStart: ts('scheduled_start'),
    lapCount: integer('lap_count').notNull().default(1),
    waves: jsonb('waves').$type<WaveRow[]>().notNull().default([]),
    /** How the stage is scored (bonus and points scales, thresholds): see the StageScoring contract. */
    scoring: jsonb('scoring').$type<Record<string, unknown>>().notNull().default({}),
    /** Where the stage is in its lifecycle (see the domain's stage status machine). */
    status: text('status').notNull().default('scheduled'),
    /** When the stage actually started and finished, as flagged by race control (epoch ms). */
    startedAt: bigint('started_at', { mode: 'number' }),
    finishedAt: bigint('finished_at', { mode: 'number' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('stages_race_number_uq').on(t.raceId, t.number)],
);

/** [lat, lon, smoothed ele | null, cumulative distance m] — compact, full precision. */
export type StoredCoursePoint = [number, number, number | null, number];

export const courses = pgTable('courses', {
  stageId: uuid('stage_id')
    .primaryKey()
    .references(() => stages.id, { onDelete: 'cascade' }),
  name: text('name'),
  fileName: text('file_name').notNull(),
  fileFormat: text('file_format').notNull(),
  /** The file as uploaded, so a course can be reprocessed when the geometry improves. */
  original: bytea('original').notNull(),
  lapLength: doublePrecision('lap_length_m').notNull(),
  lapCount: integer('lap_count').notNull(),
  length: doublePrecision('length_m').notNull(),
  climbing: doublePrecision('climbing_m').notNull(),
  descent: doublePrecision('descent_m').notNull(),
  minEle: doublePrecision('min_ele_m'),
  maxEle: doublePrecision('max_ele_m'),
  hasElevation: boolean('has_elevation').notNull(),
  isCircuit: boolean('is_circuit').notNull(),
  bbox: jsonb('bbox').$type<{ minLat: number; minLon: number; maxLat: number; maxLon: number }>().notNull(),
  points: jsonb('points').$type<StoredCoursePoint[]>().notNull(),
  simplified: jsonb('simplified').$type<Array<[number, number]>>().notNull(),
  profile: jsonb('profile').$type<Array<[number, number]>>().notNull(),
  suggestedCheckpoints: jsonb('suggested_checkpoints').$type<unknown[]>().notNull(),
  uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
});

export const checkpoints = pgTable(
  'checkpoints',
  {
    id: id(),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => stages.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    distance: doublePrecision('distance_m').notNull(),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    climbCategory: text('climb_category'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('checkpoints_stage_idx').on(t.stageId, t.distance)],
);

export const categories = pgTable(
  'categories',
  {
    id: id(),
    raceId: uuid('race_id')
      .notNull()
      .references(() => races.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull().default('custom'),
    gender: text('gender'),
    minAge: integer('min_age'),
    maxAge: integer('max_age'),
  },
  (t) => [uniqueIndex('categories_race_code_uq').on(t.raceId, t.code)],
);

export const registrations = pgTable(
  'registrations',
  {
    id: id(),
    raceId: uuid('race_id')
      .notNull()
      .references(() => races.id, { onDelete: 'cascade' }),
    bib: integer('bib').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    team: text('team'),
    category: text('category'),
    gender: text('gender'),
    birthYear: integer('birth_year'),
    nationality: text('nationality'),
    deviceId: text('device_id'),
    wave: text('wave'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('registrations_race_bib_uq').on(t.raceId, t.bib),
    uniqueIndex('registrations_race_device_uq').on(t.raceId, t.deviceId),
    index('registrations_device_idx').on(t.deviceId),
  ],
);

/**
 * Race staff: users the race's owner (or an admin) lets officiate a race they do not own — record
 * decisions and passings, run race control. The account's role (commissaire or organiser) still gates
 * which routes they reach; this row gates which races.
 */
export const raceStaff = pgTable(
  'race_staff',
  {
    raceId: uuid('race_id')
      .notNull()
      .references(() => races.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addedBy: uuid('added_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('race_staff_race_user_uq').on(t.raceId, t.userId),
    index('race_staff_user_idx').on(t.userId),
  ],
);

import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);

export const users = pgTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  passwordHash: text('password_hash'),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Browser sessions. The cookie carries a random secret; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Personal access tokens for API clients and scripts. */
export const apiTokens = pgTable('api_tokens', {
  id: id(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at'),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});

/** One-time links that let the first admin be created when no user exists. */
export const setupTokens = pgTable('setup_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_target_idx').on(t.targetType, t.targetId)],
);

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

/** A tracker's credential for the native protocol, bound to one registration. Only the SHA-256 is kept. */
export const deviceTokens = pgTable(
  'device_tokens',
  {
    id: id(),
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('device_tokens_registration_idx').on(t.registrationId)],
);

/**
 * Every accepted position. The key (registration, fix time) makes a replayed or redelivered fix a
 * no-op, which is what lets trackers resend after being offline.
 */
export const fixes = pgTable(
  'fixes',
  {
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    time: bigint('time_ms', { mode: 'number' }).notNull(),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    accuracy: real('accuracy_m'),
    speed: real('speed_mps'),
    altitude: real('altitude_m'),
    heading: real('heading_deg'),
    battery: real('battery_pct'),
    source: text('source').notNull(),
    receivedAt: bigint('received_ms', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.registrationId, t.time] })],
);

export const announcements = pgTable(
  'announcements',
  {
    id: id(),
    raceId: uuid('race_id')
      .notNull()
      .references(() => races.id, { onDelete: 'cascade' }),
    stageId: uuid('stage_id').references(() => stages.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    at: bigint('at_ms', { mode: 'number' }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('announcements_race_idx').on(t.raceId, t.at)],
);

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
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    seconds: doublePrecision('seconds'),
    status: text('status'),
    place: integer('place'),
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
    time: bigint('time_ms', { mode: 'number' }).notNull(),
    importedAt: ts('imported_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.stageId, t.registrationId, t.checkpointId] })],
);

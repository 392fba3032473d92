import {
  bigint,
  boolean,
  doublePrecision,
  index,
  pgTable,
  primaryKey,
  real,
  text,
  uuid,
} from 'drizzle-orm/pg-core';

import { users } from './accounts.ts';
import { id, ts } from './columns.ts';
import { races, registrations, stages } from './races.ts';

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
    /** True for a fix the tracker sent as an SOS; null for ordinary fixes (the live state is rebuilt from these). */
    sos: boolean('sos'),
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
 * Every SOS a tracker sent, whether or not its position was usable. An SOS whose fix is refused (an
 * impossible jump, a stale or inaccurate fix) is not a position but is still an alarm: it is kept here,
 * raised to race control and acknowledged to the phone. Key as for fixes: a resent SOS is one SOS.
 */
export const sosAlerts = pgTable(
  'sos_alerts',
  {
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    time: bigint('time_ms', { mode: 'number' }).notNull(),
    /** Null when the message carried no position at all. */
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    accuracy: real('accuracy_m'),
    /** Why the position was not used for the race (null: it was used as an ordinary fix too). */
    positionRefused: text('position_refused'),
    source: text('source').notNull(),
    receivedAt: bigint('received_ms', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.registrationId, t.time] })],
);

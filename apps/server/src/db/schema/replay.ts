import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { stages } from './races.ts';

/**
 * A stage's replay as the map and charts read it, stored with its results: every rider's track
 * downsampled to `step` seconds, kept as the exact JSON the tracks route sends (GET
 * /stages/{id}/tracks), so a read never replays the fixes. One rider at full resolution is replayed
 * on demand from that rider's fixes alone.
 */
export const stageTrackSummaries = pgTable('stage_track_summaries', {
  stageId: uuid('stage_id')
    .primaryKey()
    .references(() => stages.id, { onDelete: 'cascade' }),
  step: integer('step_s').notNull(),
  body: text('body').notNull(),
  computedAt: ts('computed_at').notNull().defaultNow(),
});

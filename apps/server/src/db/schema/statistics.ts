import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { races } from './races.ts';

/**
 * A public finished race's share of the all-time statistics (GET /statistics): its riders, finishers,
 * year and each stage's course-record candidate, as last computed from its stored results. `basis` names
 * the stored results it was computed from (modules/stats/statistics-shares.ts): a share whose basis no
 * longer matches is computed again, so a restarted or another process reads the shares, never every
 * race's results.
 */
export const raceStatisticsShares = pgTable('race_statistics_shares', {
  raceId: uuid('race_id')
    .primaryKey()
    .references(() => races.id, { onDelete: 'cascade' }),
  basis: text('basis').notNull(),
  share: jsonb('share').$type<Record<string, unknown>>().notNull(),
  computedAt: ts('computed_at').notNull().defaultNow(),
});

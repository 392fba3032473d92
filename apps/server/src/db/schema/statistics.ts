import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, ts } from './columns.ts';
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

/**
 * Public answers stored whole, as their JSON was first sent, with their body compressed once (brotli,
 * gzip): the unfiltered stage results, classifications and race statistics, which cost tens of
 * milliseconds to build from 2,000 riders' stored lines. `basis` names all the answer was built from
 * (modules/results/stored-answers.repository.ts): an answer whose basis no longer matches is built
 * again, so a read after a restart, in another process, or after a change elsewhere reads one row.
 */
export const storedAnswers = pgTable('stored_answers', {
  key: text('key').primaryKey(),
  raceId: uuid('race_id')
    .notNull()
    .references(() => races.id, { onDelete: 'cascade' }),
  basis: text('basis').notNull(),
  body: text('body').notNull(),
  br: bytea('br'),
  gzip: bytea('gzip'),
  computedAt: ts('computed_at').notNull().defaultNow(),
});

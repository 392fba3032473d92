// The database schema, one file per area; drizzle-kit reads this module to generate migrations.
export * from './schema/accounts.ts';
export * from './schema/invitations.ts';
export * from './schema/oauth.ts';
export * from './schema/races.ts';
export * from './schema/replay.ts';
export * from './schema/results.ts';
export * from './schema/statistics.ts';
export * from './schema/tracking.ts';

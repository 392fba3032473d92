export * from './auth.ts';
export * from './common.ts';
export * from './courses.ts';
export * from './ingest.ts';
export * from './live.ts';
export * from './races.ts';
export * from './registrations.ts';
export * from './stages.ts';

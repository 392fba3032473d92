// The ingest role of a cluster: `node apps/server/src/roles/ingest.ts`, the same as ROLE=ingest npm start.
process.env.ROLE = 'ingest';
await import('../main.ts');

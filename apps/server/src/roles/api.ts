// The api role of a cluster: `node apps/server/src/roles/api.ts`, the same as ROLE=api npm start.
process.env.ROLE = 'api';
await import('../main.ts');

// The processor role of a cluster: `node apps/server/src/roles/processor.ts`, the same as ROLE=processor npm start.
process.env.ROLE = 'processor';
await import('../main.ts');

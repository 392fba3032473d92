// The gateway role of a cluster: `node apps/server/src/roles/gateway.ts`, the same as ROLE=gateway npm start.
process.env.ROLE = 'gateway';
await import('../main.ts');

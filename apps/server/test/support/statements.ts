import type { Db } from '../../src/db/client.ts';

/** Counts the statements sent to a database (both pools on PostgreSQL) while `run` runs. */
export async function statementsDuring(dbs: readonly Db[], run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  type Query = (this: unknown, ...args: unknown[]) => unknown;
  const clients = [...new Set(dbs.map((db) => (db as unknown as { $client: { query: Query } }).$client))];
  const originals = clients.map((client) => client.query);
  clients.forEach((client, i) => {
    client.query = function (this: unknown, ...args: unknown[]) {
      const text = args[0];
      seen.push(typeof text === 'string' ? text : JSON.stringify(text));
      return originals[i]!.apply(this, args);
    };
  });
  try {
    await run();
  } finally {
    clients.forEach((client, i) => {
      client.query = originals[i]!;
    });
  }
  return seen;
}

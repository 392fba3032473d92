import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { oauthAdapter } from '../../src/modules/oauth/oauth-adapter.ts';
import { createTestDatabase, databaseUnavailable } from '../support/databases.ts';

/** Counts the statements sent to the database that read oauth_models. */
function countModelReads(database: Database): { reads: () => number } {
  const client = (database.db as unknown as { $client: { query: (...args: unknown[]) => unknown } }).$client;
  const query = client.query.bind(client);
  let reads = 0;
  client.query = (...args: unknown[]) => {
    const statement = args[0] as string | { text?: string };
    const text = String(typeof statement === 'string' ? statement : statement.text);
    if (/^select/i.test(text.trim()) && text.includes('oauth_models')) reads++;
    return query(...args);
  };
  return { reads: () => reads };
}

describe.skipIf(databaseUnavailable !== null)('OAuth access token lookups', () => {
  let database: Database & { drop(): Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('finds the access tokens asked for in one turn with one query, expired ones not at all', async () => {
    const adapter = oauthAdapter(database.db);
    const tokens = adapter('AccessToken');
    const grants = adapter('Grant');
    for (const id of ['tok-a', 'tok-b', 'tok-c'])
      await tokens.upsert(id, { jti: id, grantId: `g-${id}` }, 3600);
    await tokens.upsert('tok-old', { jti: 'tok-old', grantId: 'g-old' }, 3600);
    await database.db.execute(
      sql`update oauth_models set expires_at = now() - interval '1 minute' where id = 'tok-old'`,
    );
    await grants.upsert('tok-a', { jti: 'a grant, not a token' }, 3600);
    const counter = countModelReads(database);
    const found = await Promise.all(
      ['tok-a', 'tok-b', 'tok-c', 'tok-old', 'nobody'].map((id) => tokens.find(id)),
    );
    expect(found.map((payload) => payload?.jti ?? null)).toEqual(['tok-a', 'tok-b', 'tok-c', null, null]);
    expect(found[1]?.grantId).toBe('g-tok-b');
    expect(counter.reads()).toBe(1);
    // Other models are looked up as before, one by one, and never answer for an access token's id.
    expect((await grants.find('tok-a'))?.jti).toBe('a grant, not a token');
    expect(await grants.find('tok-b')).toBeUndefined();
  });
});

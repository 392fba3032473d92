import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../../db/client.ts';
import { oauthModels } from '../../db/schema.ts';
import { BatchLoader } from '../ingest/batch-loader.ts';

/** Models whose rows carry a grant id, so revoking a grant reaches every token it issued. */
const GRANTABLE = ['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'Grant'];

/**
 * oidc-provider's storage port over the database: one row per object. Expired rows are never
 * returned (the library also checks `exp`), so deleting or back-dating a row ends a token at once.
 */
export function oauthAdapter(db: Db): (name: string) => Adapter {
  const alive = or(isNull(oauthModels.expiresAt), gt(oauthModels.expiresAt, sql`now()`));
  // Access tokens are looked up by every tracker whose cached token expires: those of one turn of the
  // event loop (a gathering of background refreshes, thousands of phones coming online) in one query.
  const accessTokens = new BatchLoader<OAuthRow | undefined>(async (ids) => {
    const rows = await db
      .select()
      .from(oauthModels)
      .where(and(eq(oauthModels.model, 'AccessToken'), inArray(oauthModels.id, ids), alive));
    return new Map(rows.map((row) => [row.id, row]));
  }, undefined);
  return (model) => {
    const key = (id: string) => and(eq(oauthModels.model, model), eq(oauthModels.id, id));
    const load = async (where: ReturnType<typeof and>) => {
      const [row] = await db.select().from(oauthModels).where(and(where, alive));
      return payloadOf(row);
    };
    return {
      async upsert(id, payload, expiresIn) {
        const values = {
          payload: payload as Record<string, unknown>,
          grantId: payload.grantId ?? null,
          userCode: payload.userCode ?? null,
          uid: payload.uid ?? null,
          expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
        };
        await db
          .insert(oauthModels)
          .values({ model, id, ...values })
          .onConflictDoUpdate({ target: [oauthModels.model, oauthModels.id], set: values });
      },
      find: (id) => (model === 'AccessToken' ? accessTokens.load(id).then(payloadOf) : load(key(id))),
      findByUserCode: (userCode) =>
        load(and(eq(oauthModels.model, model), eq(oauthModels.userCode, userCode))),
      findByUid: (uid) => load(and(eq(oauthModels.model, model), eq(oauthModels.uid, uid))),
      async consume(id) {
        await db.update(oauthModels).set({ consumedAt: new Date() }).where(key(id));
      },
      async destroy(id) {
        await db.delete(oauthModels).where(key(id));
      },
      async revokeByGrantId(grantId) {
        await revokeGrants(db, [grantId]);
      },
    };
  };
}

type OAuthRow = typeof oauthModels.$inferSelect;

/** A stored object as oidc-provider takes it back: its payload, with when it was consumed. */
function payloadOf(row: OAuthRow | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  const payload = row.payload as AdapterPayload;
  return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
}

/** Deletes grants and everything they issued (codes, access and refresh tokens, device codes). */
export async function revokeGrants(db: Db, grantIds: string[]): Promise<void> {
  if (grantIds.length === 0) return;
  await db
    .delete(oauthModels)
    .where(
      and(
        inArray(oauthModels.model, GRANTABLE),
        or(
          inArray(oauthModels.grantId, grantIds),
          and(eq(oauthModels.model, 'Grant'), inArray(oauthModels.id, grantIds)),
        ),
      ),
    );
}

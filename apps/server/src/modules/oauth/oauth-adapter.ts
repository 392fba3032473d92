import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../../db/client.ts';
import { oauthModels } from '../../db/schema.ts';

/** Models whose rows carry a grant id, so revoking a grant reaches every token it issued. */
const GRANTABLE = ['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'Grant'];

/**
 * oidc-provider's storage port over the database: one row per object. Expired rows are never
 * returned (the library also checks `exp`), so deleting or back-dating a row ends a token at once.
 */
export function oauthAdapter(db: Db): (name: string) => Adapter {
  return (model) => {
    const key = (id: string) => and(eq(oauthModels.model, model), eq(oauthModels.id, id));
    const alive = or(isNull(oauthModels.expiresAt), gt(oauthModels.expiresAt, sql`now()`));
    const load = async (where: ReturnType<typeof and>) => {
      const [row] = await db.select().from(oauthModels).where(and(where, alive));
      if (!row) return undefined;
      const payload = row.payload as AdapterPayload;
      return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
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
      find: (id) => load(key(id)),
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

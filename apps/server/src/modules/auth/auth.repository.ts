import { and, desc, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens, sessions, setupTokens, users } from '../../db/schema.ts';

export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
type UserRow = typeof users.$inferSelect;

/** Sessions, personal access tokens and setup links. Secrets arrive here already hashed. */
export class AuthRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async insertSession(values: typeof sessions.$inferInsert): Promise<SessionRow> {
    const [row] = await this.db.insert(sessions).values(values).returning();
    return row!;
  }

  async findLiveSession(
    tokenHash: string,
    now: Date,
  ): Promise<{ session: SessionRow; user: UserRow } | null> {
    const [row] = await this.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
    return row ?? null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.userId, userId));
  }

  async deleteExpiredSessions(now: Date): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, now));
  }

  async insertToken(values: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
    const [row] = await this.db.insert(apiTokens).values(values).returning();
    return row!;
  }

  async findTokenByHash(tokenHash: string): Promise<{ token: ApiTokenRow; user: UserRow } | null> {
    const [row] = await this.db
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.tokenHash, tokenHash));
    return row ?? null;
  }

  async touchToken(id: string, at: Date): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
  }

  async listTokens(userId: string): Promise<ApiTokenRow[]> {
    return this.db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .orderBy(desc(apiTokens.createdAt));
  }

  async findToken(id: string): Promise<ApiTokenRow | null> {
    const [row] = await this.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    return row ?? null;
  }

  async revokeToken(id: string, at: Date): Promise<void> {
    await this.db
      .update(apiTokens)
      .set({ revokedAt: at })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
  }

  async insertSetupToken(tokenHash: string, expiresAt: Date): Promise<void> {
    await this.db.insert(setupTokens).values({ tokenHash, expiresAt });
  }

  /** Marks a setup link used; true only for the one caller that consumed a live, unused link. */
  async consumeSetupToken(tokenHash: string, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(setupTokens)
      .set({ usedAt: now })
      .where(
        and(eq(setupTokens.tokenHash, tokenHash), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)),
      )
      .returning();
    return rows.length === 1;
  }
}

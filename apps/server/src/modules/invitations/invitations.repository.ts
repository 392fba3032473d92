import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { invitations, users } from '../../db/schema.ts';

export type InvitationRow = typeof invitations.$inferSelect;
type UserRow = typeof users.$inferSelect;

/** Invitations and their acceptance. Secrets arrive here already hashed. */
export class InvitationsRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async insert(values: typeof invitations.$inferInsert): Promise<InvitationRow> {
    const [row] = await this.db.insert(invitations).values(values).returning();
    return row!;
  }

  async find(id: string): Promise<InvitationRow | null> {
    const [row] = await this.db.select().from(invitations).where(eq(invitations.id, id));
    return row ?? null;
  }

  async findByHash(tokenHash: string): Promise<InvitationRow | null> {
    const [row] = await this.db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
    return row ?? null;
  }

  /** Invitations not yet accepted, revoked or expired, oldest first, with who sent them. */
  async pending(now: Date) {
    return this.db
      .select({ invitation: invitations, inviter: users.name })
      .from(invitations)
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(
        and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)),
      )
      .orderBy(asc(invitations.createdAt));
  }

  /** Revokes every pending invitation of an address (a new one supersedes them); returns their ids. */
  async revokePendingOf(email: string, now: Date): Promise<string[]> {
    const rows = await this.db
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    return rows.map((r) => r.id);
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.db.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, id));
  }

  /**
   * Consumes a live invitation and creates its account in one transaction: only the one caller that
   * marks it accepted gets an account; a failure (the address taken meanwhile) leaves it unused.
   */
  async accept(
    tokenHash: string,
    now: Date,
    account: { name: string; passwordHash: string },
  ): Promise<{ invitation: InvitationRow; user: UserRow } | 'unusable' | 'taken'> {
    try {
      return await this.accepting(tokenHash, now, account);
    } catch (error) {
      if (error instanceof AddressTaken) return 'taken';
      throw error;
    }
  }

  private accepting(tokenHash: string, now: Date, account: { name: string; passwordHash: string }) {
    return this.db.transaction(async (tx) => {
      const [invitation] = await tx
        .update(invitations)
        .set({ acceptedAt: now })
        .where(
          and(
            eq(invitations.tokenHash, tokenHash),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, now),
          ),
        )
        .returning();
      if (!invitation) return 'unusable' as const;
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email));
      // Throwing rolls the acceptance back: the invitation stays usable once the address is free.
      if (taken) throw new AddressTaken();
      const [user] = await tx
        .insert(users)
        .values({
          email: invitation.email,
          name: account.name,
          role: invitation.role,
          passwordHash: account.passwordHash,
        })
        .returning();
      await tx.update(invitations).set({ acceptedBy: user!.id }).where(eq(invitations.id, invitation.id));
      return { invitation, user: user! };
    });
  }
}

class AddressTaken extends Error {}

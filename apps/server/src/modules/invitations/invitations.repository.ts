import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { invitations, registrations, users } from '../../db/schema.ts';

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
      .where(live(now))
      .orderBy(asc(invitations.createdAt));
  }

  /** A race's pending rider invitations (those bound to its registrations), oldest first, with who sent them. */
  async pendingForRace(raceId: string, now: Date) {
    return this.db
      .select({ invitation: invitations, inviter: users.name })
      .from(invitations)
      .innerJoin(registrations, eq(registrations.id, invitations.registrationId))
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(and(eq(registrations.raceId, raceId), live(now)))
      .orderBy(asc(invitations.createdAt));
  }

  /** An address's pending invitations, with the race of the registration each is bound to (if any). */
  async pendingOf(email: string, now: Date) {
    return this.db
      .select({ id: invitations.id, raceId: registrations.raceId })
      .from(invitations)
      .leftJoin(registrations, eq(registrations.id, invitations.registrationId))
      .where(and(eq(invitations.email, email), live(now)));
  }

  /**
   * Revokes a registration's pending rider invitations (a new invitation or a linked account supersedes
   * them); returns what was revoked.
   */
  async revokePendingFor(registrationId: string, now: Date): Promise<Array<{ id: string; email: string }>> {
    return this.db
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.registrationId, registrationId), live(now)))
      .returning({ id: invitations.id, email: invitations.email });
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
   * `andThen` runs in the same transaction with the new account (a rider invitation links it to its
   * registration there), so the account and what the invitation promised commit together or not at all.
   */
  async accept<T>(
    tokenHash: string,
    now: Date,
    account: { name: string; passwordHash: string },
    andThen: (tx: Db, invitation: InvitationRow, user: UserRow) => Promise<T>,
  ): Promise<{ invitation: InvitationRow; user: UserRow; followUp: T } | 'unusable' | 'taken'> {
    try {
      return await this.accepting(tokenHash, now, account, andThen);
    } catch (error) {
      if (error instanceof AddressTaken) return 'taken';
      throw error;
    }
  }

  private accepting<T>(
    tokenHash: string,
    now: Date,
    account: { name: string; passwordHash: string },
    andThen: (tx: Db, invitation: InvitationRow, user: UserRow) => Promise<T>,
  ) {
    return this.db.transaction(async (tx) => {
      const [invitation] = await tx
        .update(invitations)
        .set({ acceptedAt: now })
        .where(and(eq(invitations.tokenHash, tokenHash), live(now)))
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
      return { invitation, user: user!, followUp: await andThen(tx, invitation, user!) };
    });
  }
}

/** Not accepted, revoked or expired. */
function live(now: Date) {
  return and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));
}

class AddressTaken extends Error {}

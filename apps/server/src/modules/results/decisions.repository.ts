import { epochMs, RIDER_OUT_DECISION_KINDS, type RiderOutDecision } from '@echelon/domain';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { decisions, registrations, stageApprovals, users } from '../../db/schema.ts';

export type DecisionRow = typeof decisions.$inferSelect;

export class DecisionsRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async insert(values: typeof decisions.$inferInsert): Promise<DecisionRow> {
    const [row] = await this.db.insert(decisions).values(values).returning();
    return row!;
  }

  async find(id: string): Promise<DecisionRow | null> {
    const [row] = await this.db.select().from(decisions).where(eq(decisions.id, id));
    return row ?? null;
  }

  async revoke(id: string, by: string): Promise<void> {
    await this.db
      .update(decisions)
      .set({ revokedAt: new Date(), revokedBy: by })
      .where(and(eq(decisions.id, id), isNull(decisions.revokedAt)));
  }

  /** Every decision on a stage, in the order they were taken, with the author and the rider's bib (null on the whole stage). */
  async listOfStage(stageId: string) {
    return this.db
      .select({ decision: decisions, bib: registrations.bib, author: users.name })
      .from(decisions)
      .leftJoin(registrations, eq(registrations.id, decisions.registrationId))
      .leftJoin(users, eq(users.id, decisions.authorId))
      .where(eq(decisions.stageId, stageId))
      .orderBy(asc(decisions.at), asc(decisions.id));
  }

  /**
   * The stage's decisions that take riders out of the race or put them back (revoked ones included,
   * flagged), in the order they were taken, for the domain's `ridersOut`; of one rider when named.
   */
  async riderOutDecisions(stageId: string, registrationId?: string): Promise<RiderOutDecision[]> {
    const rows = await this.db
      .select({
        kind: decisions.kind,
        registrationId: decisions.registrationId,
        status: decisions.status,
        at: decisions.at,
        revokedAt: decisions.revokedAt,
      })
      .from(decisions)
      .where(
        and(
          eq(decisions.stageId, stageId),
          inArray(decisions.kind, [...RIDER_OUT_DECISION_KINDS]),
          registrationId === undefined ? undefined : eq(decisions.registrationId, registrationId),
        ),
      )
      .orderBy(asc(decisions.at), asc(decisions.id));
    return rows.map((r) => ({
      kind: r.kind,
      registrationId: r.registrationId,
      status: r.status,
      at: epochMs(r.at.getTime()),
      revoked: r.revokedAt !== null,
    }));
  }

  async approval(stageId: string) {
    const [row] = await this.db.select().from(stageApprovals).where(eq(stageApprovals.stageId, stageId));
    return row ?? null;
  }

  async approve(stageId: string, by: string): Promise<void> {
    await this.db.insert(stageApprovals).values({ stageId, approvedBy: by }).onConflictDoNothing();
  }

  async unapprove(stageId: string): Promise<void> {
    await this.db.delete(stageApprovals).where(eq(stageApprovals.stageId, stageId));
  }
}

import { and, asc, count, eq, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { raceStaff, races } from '../../db/schema.ts';

export type RaceRow = typeof races.$inferSelect;

export interface RaceListFilter {
  /** Rows the caller may see: all (admin), or listed public races plus the caller's own. */
  scope: { kind: 'all' } | { kind: 'public-or-owned'; ownerId: string | null };
  /** Races this user owns or is on the staff of (the back office's "my races"). */
  memberId?: string;
  /** Races in any of these statuses. */
  status?: readonly string[];
  q?: string;
  limit: number;
  offset: number;
}

export class RacesRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async insert(values: typeof races.$inferInsert): Promise<RaceRow> {
    const [row] = await this.db.insert(races).values(values).returning();
    return row!;
  }

  async findById(id: string): Promise<RaceRow | null> {
    const [row] = await this.db.select().from(races).where(eq(races.id, id));
    return row ?? null;
  }

  async update(id: string, values: Partial<typeof races.$inferInsert>): Promise<RaceRow> {
    const [row] = await this.db
      .update(races)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(races.id, id))
      .returning();
    return row!;
  }

  /** Moves the status only if it is still `from`: two commissaires clicking at once cannot both win. */
  async transition(id: string, from: string, to: string): Promise<RaceRow | null> {
    const now = new Date();
    const [row] = await this.db
      .update(races)
      .set({ status: to, statusChangedAt: now, updatedAt: now })
      .where(and(eq(races.id, id), eq(races.status, from)))
      .returning();
    return row ?? null;
  }

  private staffed(userId: string) {
    return this.db.select({ id: raceStaff.raceId }).from(raceStaff).where(eq(raceStaff.userId, userId));
  }

  async list(filter: RaceListFilter): Promise<{ rows: RaceRow[]; total: number }> {
    const where: SQL[] = [];
    if (filter.scope.kind === 'public-or-owned') {
      // Drafts and unlisted races stay out of listings; their link still works (see race-policy).
      const listed = and(eq(races.visibility, 'public'), ne(races.status, 'draft'));
      where.push(
        filter.scope.ownerId
          ? or(
              listed,
              eq(races.ownerId, filter.scope.ownerId),
              inArray(races.id, this.staffed(filter.scope.ownerId)),
            )!
          : listed!,
      );
    }
    if (filter.memberId)
      where.push(or(eq(races.ownerId, filter.memberId), inArray(races.id, this.staffed(filter.memberId)))!);
    if (filter.status?.length) where.push(inArray(races.status, [...filter.status]));
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(or(ilike(races.name, pattern), ilike(races.location, pattern))!);
    }
    const condition = where.length > 0 ? and(...where) : undefined;
    const rows = await this.db
      .select()
      .from(races)
      .where(condition)
      .orderBy(sql`${races.startDate} desc nulls last`, asc(races.name), asc(races.id))
      .limit(filter.limit)
      .offset(filter.offset);
    const [total] = await this.db.select({ n: count() }).from(races).where(condition);
    return { rows, total: total?.n ?? 0 };
  }
}

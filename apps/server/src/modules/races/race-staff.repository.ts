import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { raceStaff, users } from '../../db/schema.ts';

export interface StaffRow {
  userId: string;
  name: string;
  email: string;
  role: string;
  createdAt: Date;
}

export class RaceStaffRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async userIds(raceId: string): Promise<string[]> {
    const rows = await this.db
      .select({ userId: raceStaff.userId })
      .from(raceStaff)
      .where(eq(raceStaff.raceId, raceId));
    return rows.map((r) => r.userId);
  }

  async list(raceId: string): Promise<StaffRow[]> {
    return this.db
      .select({
        userId: raceStaff.userId,
        name: users.name,
        email: users.email,
        role: users.role,
        createdAt: raceStaff.createdAt,
      })
      .from(raceStaff)
      .innerJoin(users, eq(users.id, raceStaff.userId))
      .where(eq(raceStaff.raceId, raceId))
      .orderBy(asc(users.name), asc(users.email));
  }

  /** False when the user was on the staff already (the unique index decides, not a racy read). */
  async add(raceId: string, userId: string, addedBy: string): Promise<boolean> {
    const rows = await this.db
      .insert(raceStaff)
      .values({ raceId, userId, addedBy })
      .onConflictDoNothing()
      .returning({ userId: raceStaff.userId });
    return rows.length > 0;
  }

  async remove(raceId: string, userId: string): Promise<boolean> {
    const rows = await this.db
      .delete(raceStaff)
      .where(and(eq(raceStaff.raceId, raceId), eq(raceStaff.userId, userId)))
      .returning({ userId: raceStaff.userId });
    return rows.length > 0;
  }
}

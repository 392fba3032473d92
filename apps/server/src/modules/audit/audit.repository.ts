import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog, users } from '../../db/schema.ts';

export type AuditInsert = typeof auditLog.$inferInsert;

export class AuditRepository {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  async insert(entry: AuditInsert): Promise<void> {
    await this.db.insert(auditLog).values(entry);
  }

  async list(filter: { targetType?: string; targetId?: string; before?: number; limit: number }) {
    const where: SQL[] = [];
    if (filter.targetType) where.push(eq(auditLog.targetType, filter.targetType));
    if (filter.targetId) where.push(eq(auditLog.targetId, filter.targetId));
    if (filter.before) where.push(lt(auditLog.id, filter.before));
    return this.db
      .select({ entry: auditLog, actorEmail: users.email })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(filter.limit);
  }
}

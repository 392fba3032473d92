import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import { AuditRepository } from './audit.repository.ts';

/** The record of administrative actions: who did what to which thing, and when. */
export class AuditService {
  private readonly repo: AuditRepository;
  constructor(db: Db) {
    this.repo = new AuditRepository(db);
  }

  record(
    actor: Actor | null,
    action: string,
    target: { type: string; id?: string | null },
    details: Record<string, unknown> = {},
  ): Promise<void> {
    return this.repo.insert({
      actorId: actor?.id ?? null,
      action,
      targetType: target.type,
      targetId: target.id ?? null,
      details,
    });
  }

  async list(filter: { targetType?: string; targetId?: string; before?: number; limit: number }) {
    const rows = await this.repo.list(filter);
    return rows.map(({ entry, actorEmail }) => ({
      id: entry.id,
      at: entry.at.toISOString(),
      actorId: entry.actorId,
      actorEmail,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      details: entry.details,
    }));
  }
}

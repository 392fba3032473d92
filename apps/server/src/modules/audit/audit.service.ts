import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import { AuditRepository } from './audit.repository.ts';

export type AuditListener = (
  action: string,
  target: { type: string; id?: string | null },
  actorId: string | null,
) => Promise<void>;

/** The record of administrative actions: who did what to which thing, and when. */
export class AuditService {
  private readonly repo: AuditRepository;
  private readonly listeners: AuditListener[] = [];
  constructor(db: Db) {
    this.repo = new AuditRepository(db);
  }

  /**
   * Hears every recorded action once it is stored; the action's request waits for the listener (the
   * results store marks the results the change is evidence for stale before the change is answered).
   */
  onRecorded(listener: AuditListener): void {
    this.listeners.push(listener);
  }

  async record(
    actor: Actor | null,
    action: string,
    target: { type: string; id?: string | null },
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.repo.insert({
      actorId: actor?.id ?? null,
      action,
      targetType: target.type,
      targetId: target.id ?? null,
      details,
    });
    for (const listener of this.listeners) await listener(action, target, actor?.id ?? null);
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

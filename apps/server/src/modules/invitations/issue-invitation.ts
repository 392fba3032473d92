import type { Role } from '@echelon/contracts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { newSecret, sha256 } from '../auth/secrets.ts';
import type { InvitationRow, InvitationsRepository } from './invitations.repository.ts';

const DAY_MS = 86_400_000;

export function presentInvitation(row: InvitationRow, invitedBy: string | null) {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    registrationId: row.registrationId,
    invitedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * Stores a new invitation with a fresh secret (only its SHA-256 is kept) and audits it, naming the
 * pending invitations it superseded. The secret is returned once, for the link.
 */
export async function issueInvitation(
  repo: InvitationsRepository,
  audit: AuditService,
  actor: Actor,
  input: { email: string; role: Role; expiresInDays: number; registrationId?: string },
  superseded: string[],
  now: Date,
) {
  const secret = newSecret('ech_inv');
  const row = await repo.insert({
    email: input.email,
    role: input.role,
    registrationId: input.registrationId ?? null,
    tokenHash: sha256(secret),
    invitedBy: actor.id,
    expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
  });
  await audit.record(
    actor,
    'invitation.create',
    { type: 'invitation', id: row.id },
    {
      email: row.email,
      role: row.role,
      ...(row.registrationId && { registrationId: row.registrationId }),
      expiresAt: row.expiresAt.toISOString(),
      superseded,
    },
  );
  return { invitation: presentInvitation(row, actor.name), secret };
}

import type { Role } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { conflict, HttpProblem, notFound } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { hashPassword, newSecret, sha256 } from '../auth/secrets.ts';
import { UsersRepository } from '../users/users.repository.ts';
import { type InvitationRow, InvitationsRepository } from './invitations.repository.ts';

const DAY_MS = 86_400_000;

export function presentInvitation(row: InvitationRow, invitedBy: string | null) {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    invitedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * Invitations by e-mail (admins only): a single-use, expiring secret whose SHA-256 is stored, like the
 * setup link. No mail is sent: the admin hands the link over. Accepting creates the account.
 */
export class InvitationsService {
  private readonly repo: InvitationsRepository;
  private readonly users: UsersRepository;
  private readonly audit: AuditService;

  constructor(db: Db, audit: AuditService) {
    this.repo = new InvitationsRepository(db);
    this.users = new UsersRepository(db);
    this.audit = audit;
  }

  /** A new invitation and its secret (returned once); earlier pending ones for the address are revoked. */
  async create(actor: Actor, input: { email: string; role: Role; expiresInDays: number }) {
    if (await this.users.findByEmail(input.email))
      throw conflict(`${input.email} already has an account; change its role on the Users screen instead`);
    const now = new Date();
    const superseded = await this.repo.revokePendingOf(input.email, now);
    const secret = newSecret('ech_inv');
    const row = await this.repo.insert({
      email: input.email,
      role: input.role,
      tokenHash: sha256(secret),
      invitedBy: actor.id,
      expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
    });
    await this.audit.record(
      actor,
      'invitation.create',
      { type: 'invitation', id: row.id },
      { email: row.email, role: row.role, expiresAt: row.expiresAt.toISOString(), superseded },
    );
    return { invitation: presentInvitation(row, actor.name), secret };
  }

  async pending() {
    return (await this.repo.pending(new Date())).map((r) => presentInvitation(r.invitation, r.inviter));
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    const row = await this.repo.find(id);
    if (!row || row.revokedAt) throw notFound('No such pending invitation');
    if (row.acceptedAt) throw conflict('This invitation was already accepted; disable the account instead');
    await this.repo.revoke(id, new Date());
    await this.audit.record(actor, 'invitation.revoke', { type: 'invitation', id }, { email: row.email });
  }

  /**
   * Creates the invitee's account from a live invitation. Wrong (404), used (409), revoked or expired
   * (410) links are told apart so the invitee knows whether to ask for a new one.
   */
  async accept(input: { token: string; name: string; password: string }) {
    const tokenHash = sha256(input.token);
    const now = new Date();
    this.refuseUnusable(await this.repo.findByHash(tokenHash), now);
    const passwordHash = await hashPassword(input.password);
    const outcome = await this.repo.accept(tokenHash, now, { name: input.name, passwordHash });
    if (outcome === 'taken')
      throw conflict('An account with this e-mail address exists already: sign in instead');
    if (outcome === 'unusable') {
      this.refuseUnusable(await this.repo.findByHash(tokenHash), now);
      throw conflict('This invitation link was just used');
    }
    const { invitation, user } = outcome;
    await this.audit.record(
      null,
      'invitation.accept',
      { type: 'invitation', id: invitation.id },
      { userId: user.id, email: user.email, role: user.role },
    );
    return user;
  }

  private refuseUnusable(row: InvitationRow | null, now: Date): void {
    if (!row) throw notFound('This invitation link is not valid: check that it was copied whole');
    if (row.acceptedAt) throw conflict('This invitation link was already used: sign in instead');
    if (row.revokedAt) throw new HttpProblem(410, 'This invitation was withdrawn; ask an administrator');
    if (row.expiresAt <= now)
      throw new HttpProblem(410, 'This invitation link has expired; ask an administrator for a new one');
  }
}

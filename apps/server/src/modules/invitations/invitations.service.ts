import type { Role } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { conflict, HttpProblem, notFound } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { hashPassword, sha256 } from '../auth/secrets.ts';
import { recordRiderLink } from '../oauth/rider-link.ts';
import { RacesService } from '../races/races.service.ts';
import { UsersRepository } from '../users/users.repository.ts';
import { type InvitationRow, InvitationsRepository } from './invitations.repository.ts';
import { issueInvitation, presentInvitation } from './issue-invitation.ts';
import { linkInvitedRider, RiderInvitations } from './rider-invitations.ts';

/**
 * Invitations by e-mail: a single-use, expiring secret whose SHA-256 is stored, like the setup link.
 * No mail is sent: the inviter hands the link over. Admins invite anyone with any role; a race's
 * organisers invite riders for its registrations (`riders`). Accepting creates the account.
 */
export class InvitationsService {
  private readonly repo: InvitationsRepository;
  private readonly users: UsersRepository;
  private readonly audit: AuditService;
  readonly riders: RiderInvitations;

  /** `races` decides who manages a race; by default a service of its own over the same database. */
  constructor(db: Db, audit: AuditService, races: RacesService = new RacesService(db, audit)) {
    this.repo = new InvitationsRepository(db);
    this.users = new UsersRepository(db);
    this.audit = audit;
    this.riders = new RiderInvitations(db, audit, races);
  }

  /** A new invitation and its secret (returned once); earlier pending ones for the address are revoked. */
  async create(actor: Actor, input: { email: string; role: Role; expiresInDays: number }) {
    if (await this.users.findByEmail(input.email))
      throw conflict(`${input.email} already has an account; change its role on the Users screen instead`);
    const now = new Date();
    const superseded = await this.repo.revokePendingOf(input.email, now);
    return issueInvitation(this.repo, this.audit, actor, input, superseded, now);
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
   * Creates the invitee's account from a live invitation and, for a rider invited for a registration,
   * links it to that registration in the same transaction. Wrong (404), used (409), revoked or expired
   * (410) links are told apart so the invitee knows whether to ask for a new one.
   */
  async accept(input: { token: string; name: string; password: string }) {
    const tokenHash = sha256(input.token);
    const now = new Date();
    this.refuseUnusable(await this.repo.findByHash(tokenHash), now);
    const passwordHash = await hashPassword(input.password);
    const outcome = await this.repo.accept(
      tokenHash,
      now,
      { name: input.name, passwordHash },
      linkInvitedRider,
    );
    if (outcome === 'taken')
      throw conflict('An account with this e-mail address exists already: sign in instead');
    if (outcome === 'unusable') {
      this.refuseUnusable(await this.repo.findByHash(tokenHash), now);
      throw conflict('This invitation link was just used');
    }
    const { invitation, user, followUp: ride } = outcome;
    await this.audit.record(
      null,
      'invitation.accept',
      { type: 'invitation', id: invitation.id },
      {
        userId: user.id,
        email: user.email,
        role: user.role,
        ...(ride && { registrationId: ride.registration.registrationId }),
      },
    );
    if (ride?.linked)
      await recordRiderLink(this.audit, null, ride.registration, user.id, ride.linked, {
        invitationId: invitation.id,
      });
    return { user, registrationId: ride ? ride.registration.registrationId : null };
  }

  private refuseUnusable(row: InvitationRow | null, now: Date): void {
    if (!row) throw notFound('This invitation link is not valid: check that it was copied whole');
    if (row.acceptedAt) throw conflict('This invitation link was already used: sign in instead');
    // A rider invited for a registration asks the race's organisers, who sent it.
    const sender = row.registrationId ? 'the race’s organisers' : 'an administrator';
    if (row.revokedAt) throw new HttpProblem(410, `This invitation was withdrawn; ask ${sender}`);
    if (row.expiresAt <= now)
      throw new HttpProblem(410, `This invitation link has expired; ask ${sender} for a new one`);
  }
}

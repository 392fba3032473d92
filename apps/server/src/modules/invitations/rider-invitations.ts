import type { Db } from '../../db/client.ts';
import { conflict, HttpProblem, notFound } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { OAuthRepository, type RideRegistration } from '../oauth/oauth.repository.ts';
import { linkRiderAccount, type RiderLinked } from '../oauth/rider-link.ts';
import type { RacesService } from '../races/races.service.ts';
import { type UserRow, UsersRepository } from '../users/users.repository.ts';
import { type InvitationRow, InvitationsRepository } from './invitations.repository.ts';
import { issueInvitation, presentInvitation } from './issue-invitation.ts';

/** What accepting a rider invitation did inside its transaction: the registration and the link made. */
export interface InvitedRiderLink {
  registration: RideRegistration;
  linked: RiderLinked | null;
}

/**
 * Runs inside the acceptance's transaction: links the new account to the registration it was invited
 * for, through the same code path as an organiser's link. Nothing for an invitation bound to none.
 */
export async function linkInvitedRider(
  tx: Db,
  invitation: InvitationRow,
  user: UserRow,
): Promise<InvitedRiderLink | null> {
  if (!invitation.registrationId) return null;
  const registration = await new OAuthRepository(tx).registration(invitation.registrationId);
  // Deleting a registration deletes its invitations, so this is only a registration deleted meanwhile.
  if (!registration) return null;
  return { registration, linked: await linkRiderAccount(tx, registration, user, { email: user.email }) };
}

/**
 * Riders invited for a registration by the race's managers: an organiser whose rider has no Echelon
 * account yet invites them from the start list, with the rider role only, and the account is linked
 * to that registration when they accept. Admins may do the same for any race.
 */
export class RiderInvitations {
  private readonly repo: InvitationsRepository;
  private readonly registrations: OAuthRepository;
  private readonly users: UsersRepository;
  private readonly races: RacesService;
  private readonly audit: AuditService;

  constructor(db: Db, audit: AuditService, races: RacesService) {
    this.repo = new InvitationsRepository(db);
    this.registrations = new OAuthRepository(db);
    this.users = new UsersRepository(db);
    this.races = races;
    this.audit = audit;
  }

  /**
   * A rider invitation for a registration, replacing the registration's pending one. An address that
   * has an account is linked, not invited (409 saying so); a registration with its rider linked
   * already must be unlinked first (409).
   */
  async invite(actor: Actor, registrationId: string, input: { email: string; expiresInDays: number }) {
    const registration = await this.managedRegistration(actor, registrationId);
    if (await this.users.findByEmail(input.email)) {
      const detail = `${input.email} already has an Echelon account: link it to this registration instead (PUT /api/v1/registrations/${registrationId}/rider)`;
      throw new HttpProblem(409, detail, { errors: [{ pointer: '/email', detail }] });
    }
    if (await this.registrations.riderOf(registrationId))
      throw conflict(
        `Bib ${registration.bib} has a rider account linked already; unlink it before inviting someone else`,
      );
    const now = new Date();
    await this.refuseOthersInvitations(actor, input.email, now);
    const superseded = [
      ...(await this.repo.revokePendingFor(registrationId, now)).map((r) => r.id),
      ...(await this.repo.revokePendingOf(input.email, now)),
    ];
    return issueInvitation(
      this.repo,
      this.audit,
      actor,
      { ...input, role: 'rider', registrationId },
      superseded,
      now,
    );
  }

  /** Withdraws the registration's pending rider invitation: its link stops working. 404 when none. */
  async revoke(actor: Actor, registrationId: string): Promise<void> {
    const registration = await this.managedRegistration(actor, registrationId);
    const revoked = await this.repo.revokePendingFor(registrationId, new Date());
    if (revoked.length === 0) throw notFound('No pending invitation for this registration');
    for (const invitation of revoked) {
      await this.audit.record(
        actor,
        'invitation.revoke',
        { type: 'invitation', id: invitation.id },
        { email: invitation.email, registrationId, bib: registration.bib },
      );
    }
  }

  /** A race's pending rider invitations, for its managers' start list (authorised by the caller). */
  async pendingForRace(raceId: string) {
    return (await this.repo.pendingForRace(raceId, new Date())).map((r) => ({
      ...presentInvitation(r.invitation, r.inviter),
      registrationId: r.invitation.registrationId!,
    }));
  }

  private async managedRegistration(actor: Actor, registrationId: string): Promise<RideRegistration> {
    const registration = await this.registrations.registration(registrationId);
    if (!registration) throw notFound('No such registration');
    await this.races.managed(actor, registration.raceId);
    return registration;
  }

  /**
   * One pending invitation an address at a time, as for admins' invitations. An organiser's new one
   * replaces their own earlier ones (a rider moved to another bib), never an administrator's or
   * another race's: that would let any organiser cancel invitations they did not send.
   */
  private async refuseOthersInvitations(actor: Actor, email: string, now: Date): Promise<void> {
    if (actor.role === 'admin') return;
    for (const pending of await this.repo.pendingOf(email, now)) {
      if (pending.raceId && (await this.manages(actor, pending.raceId))) continue;
      const detail = `${email} has a pending invitation from an administrator or another race’s organisers; once they have accepted it, link their account here`;
      throw new HttpProblem(409, detail, { errors: [{ pointer: '/email', detail }] });
    }
  }

  private manages(actor: Actor, raceId: string): Promise<boolean> {
    return this.races.managed(actor, raceId).then(
      () => true,
      () => false,
    );
  }
}

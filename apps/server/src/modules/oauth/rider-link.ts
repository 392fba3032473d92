import type { Db } from '../../db/client.ts';
import { HttpProblem } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { InvitationsRepository } from '../invitations/invitations.repository.ts';
import type { UserRow } from '../users/users.repository.ts';
import { OAuthRepository, type RideRegistration } from './oauth.repository.ts';
import { revokeGrants } from './oauth-adapter.ts';
import { type RiderRef, riderField } from './rider-account.ts';

/** What making an account a registration's rider changed, for the audit log. */
export interface RiderLinked {
  previousUserId: string | null;
  /** The previous account's grants for the registration, ended with every token they issued. */
  grantsRevoked: number;
  /** Pending rider invitations for the registration, withdrawn: it has its rider now. */
  invitationsWithdrawn: Array<{ id: string; email: string }>;
}

/**
 * Makes `user` the rider of a registration: the one way an account comes to ride one, whether an
 * organiser links it or the rider accepts an invitation made for it. `db` may be a transaction, so the
 * link commits with the account it belongs to. The account must already be one that may ride (see
 * assertRiderAccount). Another account linked before loses its grants for the registration, so only the
 * account now linked keeps sending; null when this account rode it already (nothing changes).
 */
export async function linkRiderAccount(
  db: Db,
  registration: RideRegistration,
  user: UserRow,
  who: RiderRef,
): Promise<RiderLinked | null> {
  const repo = new OAuthRepository(db);
  const { registrationId } = registration;
  const previous = await repo.riderOf(registrationId);
  if (previous === user.id) return null;
  const other = await repo.otherRegistrationInRace(user.id, registration.raceId, registrationId);
  if (other) {
    const detail = `${user.email} already rides bib ${other.bib} in this race; unlink it there first`;
    throw new HttpProblem(409, detail, { errors: [{ pointer: riderField(who), detail }] });
  }
  const grantsRevoked = previous ? await endGrantsOf(db, registrationId, previous) : 0;
  await repo.setRider(registrationId, user.id);
  const invitationsWithdrawn = await new InvitationsRepository(db).revokePendingFor(
    registrationId,
    new Date(),
  );
  return { previousUserId: previous, grantsRevoked, invitationsWithdrawn };
}

/** Revokes the grants (and every token they issued) one account made for a registration. */
export async function endGrantsOf(db: Db, registrationId: string, userId: string): Promise<number> {
  const grantIds = await new OAuthRepository(db).unbindGrantsOf(registrationId, userId);
  await revokeGrants(db, grantIds);
  return grantIds.length;
}

/**
 * Records a link made by `actor` (null: the invitee accepting a rider invitation), and the invitations
 * it withdrew, each under its own target so every invitation's history ends with what became of it.
 */
export async function recordRiderLink(
  audit: AuditService,
  actor: Actor | null,
  registration: RideRegistration,
  userId: string,
  linked: RiderLinked,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { registrationId, bib } = registration;
  await audit.record(
    actor,
    'registration.rider.link',
    { type: 'registration', id: registrationId },
    {
      bib,
      userId,
      ...extra,
      ...(linked.previousUserId && {
        previousUserId: linked.previousUserId,
        grantsRevoked: linked.grantsRevoked,
      }),
    },
  );
  for (const invitation of linked.invitationsWithdrawn) {
    await audit.record(
      actor,
      'invitation.revoke',
      { type: 'invitation', id: invitation.id },
      { email: invitation.email, registrationId, reason: 'the registration was linked to an account' },
    );
  }
}

import { unprocessable } from '../../http/problem.ts';
import type { UserRow } from '../users/users.repository.ts';

/**
 * Accounts that may ride a registration: riders, and the organisers and commissaires who also ride
 * (club races are often run by people who race others). Not spectators, whose accounts only watch,
 * nor administrators: signing in on a phone in a jersey pocket should never open a session that can
 * change every race.
 */
export const RIDER_ROLES: readonly string[] = ['rider', 'organiser', 'commissaire'];

/** How an organiser names the account: by id (scripts) or by e-mail (people). */
export type RiderRef = { userId: string } | { email: string };

/** The body field a problem about `who` points at, so a form shows it under that input. */
export function riderField(who: RiderRef): string {
  return 'userId' in who ? '/userId' : '/email';
}

/** The account `who` names, if it exists, is active and may ride; 422 naming the field otherwise. */
export function assertRiderAccount(who: RiderRef, user: UserRow | null): UserRow {
  const pointer = riderField(who);
  const named = 'userId' in who ? 'that id' : who.email;
  if (!user) {
    // The next step is the invitation, which the race's organisers may now send themselves.
    const detail = `No account with ${named}: the rider needs an Echelon account first; invite them for this registration (POST …/rider-invitation)`;
    throw unprocessable(detail, [{ pointer, detail }]);
  }
  if (user.disabled) {
    const detail = `The account with ${named} is disabled; an administrator can enable it again`;
    throw unprocessable(detail, [{ pointer, detail }]);
  }
  if (!RIDER_ROLES.includes(user.role)) {
    const detail = `${user.email} is a${user.role === 'admin' ? 'n' : ''} ${user.role} account; only rider, organiser and commissaire accounts can ride a registration`;
    throw unprocessable(detail, [{ pointer, detail }]);
  }
  return user;
}

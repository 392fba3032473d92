import type { Session } from '../api/types.ts';

/** Roles that may open the back office at all; which races and screens is the server's call. */
export const BACK_OFFICE_ROLES = ['admin', 'organiser', 'commissaire'] as const;

export function canUseBackOffice(session: Session | null): boolean {
  return session !== null && (BACK_OFFICE_ROLES as readonly string[]).includes(session.user.role);
}

export function isAdmin(session: Session | null): boolean {
  return session?.user.role === 'admin';
}

/** Building races is for organisers and admins; commissaires officiate races they are staff of. */
export function canBuildRaces(session: Session | null): boolean {
  return session?.user.role === 'admin' || session?.user.role === 'organiser';
}

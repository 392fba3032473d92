import type { Role } from '@echelon/contracts';

/** Who is making a request, once their session cookie or bearer token has been checked. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Cookie sessions need a CSRF token on mutating requests; bearer tokens do not. */
  via: 'session' | 'token';
  sessionCsrf: string | null;
}

export const STAFF_ROLES: readonly Role[] = ['admin', 'organiser', 'commissaire'];

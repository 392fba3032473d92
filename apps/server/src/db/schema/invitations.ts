import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { id, ts } from './columns.ts';
import { registrations } from './races.ts';

/** Invitations by e-mail: the link carries a random secret; only its SHA-256 is stored. Single use. */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    /**
     * A rider invited for one start-list entry: accepting links the new account to it. Deleting the
     * registration deletes the invitation, since an organiser may invite riders only for an entry.
     */
    registrationId: uuid('registration_id').references(() => registrations.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    index('invitations_email_idx').on(t.email),
    index('invitations_registration_idx').on(t.registrationId),
  ],
);

import { index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

import { users } from './accounts.ts';
import { ts } from './columns.ts';
import { registrations } from './races.ts';

/**
 * Every object the OAuth authorisation server (oidc-provider) keeps: grants, codes, tokens, device
 * codes, sessions, interactions. One table keyed by (model, id), as the library's adapter contract
 * expects; the looked-up columns (grant, user code, uid) are copied out of the payload.
 */
export const oauthModels = pgTable(
  'oauth_models',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    grantId: text('grant_id'),
    userCode: text('user_code'),
    uid: text('uid'),
    expiresAt: ts('expires_at'),
    consumedAt: ts('consumed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.model, t.id] }),
    index('oauth_models_grant_idx').on(t.grantId),
    index('oauth_models_user_code_idx').on(t.userCode),
    index('oauth_models_uid_idx').on(t.uid),
  ],
);

/** The registration a rider chose when approving a tracker: every token of the grant sends for it. */
export const oauthGrantRegistrations = pgTable(
  'oauth_grant_registrations',
  {
    grantId: text('grant_id').primaryKey(),
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientId: text('client_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('oauth_grant_registrations_registration_idx').on(t.registrationId)],
);

/** The rider account that rides a registration: who may approve a tracker for it besides its organisers. */
export const registrationRiders = pgTable(
  'registration_riders',
  {
    registrationId: uuid('registration_id')
      .primaryKey()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [index('registration_riders_user_idx').on(t.userId)],
);

import { z } from 'zod';
import { Email, Password, Role, SessionInfo } from './auth.ts';
import { IsoDateTime, Uuid } from './common.ts';

const ExpiresInDays = z
  .number()
  .int()
  .min(1)
  .max(30)
  .default(7)
  .describe('How long the link stays valid (days)');

/** An admin invites someone by e-mail with a role; the link is single-use and expires. */
export const CreateInvitationBody = z.object({
  email: Email,
  role: Role,
  expiresInDays: ExpiresInDays,
});

/**
 * A race's organiser invites the rider of one start-list entry: the invitation has the rider role, and
 * accepting it links the new account to that registration (as PUT …/rider would). Strict, so a `role`
 * sent along is refused rather than silently turned into a rider's.
 */
export const RiderInvitationBody = z
  .strictObject({
    email: Email.describe('The rider’s e-mail address; it must not have an Echelon account yet'),
    expiresInDays: ExpiresInDays,
  })
  .meta({ id: 'RiderInvitationBody' });

export const Invitation = z
  .object({
    id: Uuid,
    email: z.string(),
    role: Role,
    registrationId: Uuid.nullable().describe(
      'The registration a rider was invited for: accepting links the new account to it (null: none)',
    ),
    invitedBy: z
      .string()
      .nullable()
      .describe('Name of who sent it: an administrator, or a race’s organiser inviting a rider'),
    createdAt: IsoDateTime,
    expiresAt: IsoDateTime,
  })
  .meta({ id: 'Invitation' });

export const CreatedInvitation = Invitation.extend({
  link: z
    .url()
    .describe(
      '`<PUBLIC_URL>/invite?token=…`: shown once; no e-mail is sent, so hand it to the invitee yourself',
    ),
}).meta({ id: 'CreatedInvitation' });

export const InvitationList = z.object({ items: z.array(Invitation) }).meta({ id: 'InvitationList' });

/** A pending invitation for one registration's rider, as the race's managers see it. */
export const RiderInvitation = Invitation.extend({ registrationId: Uuid }).meta({ id: 'RiderInvitation' });
export type RiderInvitation = z.infer<typeof RiderInvitation>;

export const AcceptInvitationBody = z.object({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(120),
  password: Password,
});

/** The new session, and the registration the new account now rides when it was invited for one. */
export const AcceptedInvitation = SessionInfo.extend({
  registrationId: Uuid.nullable().describe(
    'The registration the account was linked to (a rider invited for it): the /ride app can send for it',
  ),
}).meta({ id: 'AcceptedInvitation' });
export type AcceptedInvitation = z.infer<typeof AcceptedInvitation>;

import { z } from 'zod';
import { Email, Password, Role } from './auth.ts';
import { IsoDateTime, Uuid } from './common.ts';

/** An admin invites someone by e-mail with a role; the link is single-use and expires. */
export const CreateInvitationBody = z.object({
  email: Email,
  role: Role,
  expiresInDays: z.number().int().min(1).max(30).default(7).describe('How long the link stays valid (days)'),
});

export const Invitation = z
  .object({
    id: Uuid,
    email: z.string(),
    role: Role,
    invitedBy: z.string().nullable().describe('Name of the administrator who sent it'),
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

export const AcceptInvitationBody = z.object({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(120),
  password: Password,
});

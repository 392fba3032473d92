import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.ts';

export const ROLES = ['admin', 'organiser', 'commissaire', 'rider', 'spectator'] as const;
export const Role = z.enum(ROLES).meta({ id: 'Role' });
export type Role = z.infer<typeof Role>;

/**
 * An e-mail address, trimmed and lower-cased before it is checked: one pasted from a spreadsheet often
 * carries spaces, and accounts are stored and looked up in lower case.
 */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email().max(254))
  .describe('An e-mail address; surrounding spaces are ignored and it is compared in lower case');
export const Password = z.string().min(10, 'Passwords need at least 10 characters').max(256);

export const User = z
  .object({
    id: Uuid,
    email: z.string(),
    name: z.string(),
    role: Role,
    disabled: z.boolean(),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const LoginBody = z.object({ email: Email, password: z.string().min(1).max(256) });
export const SessionInfo = z
  .object({
    user: User,
    csrfToken: z
      .string()
      .describe(
        'Send as the X-CSRF-Token header on every mutating request authenticated by the session cookie',
      ),
    expiresAt: IsoDateTime,
  })
  .meta({ id: 'SessionInfo' });

export const SetupBody = z.object({
  token: z.string().min(1),
  email: Email,
  name: z.string().trim().min(1).max(120),
  password: Password,
});

export const CreateTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional().describe('Omit for a token that never expires'),
});
export const ApiToken = z
  .object({
    id: Uuid,
    name: z.string(),
    prefix: z.string().describe('The first characters of the token, to recognise it'),
    createdAt: IsoDateTime,
    expiresAt: IsoDateTime.nullable(),
    lastUsedAt: IsoDateTime.nullable(),
    revoked: z.boolean(),
  })
  .meta({ id: 'ApiToken' });
export const CreatedApiToken = ApiToken.extend({
  token: z.string().describe('The secret: shown once, send as `Authorization: Bearer <token>`'),
}).meta({ id: 'CreatedApiToken' });

export const CreateUserBody = z.object({
  email: Email,
  name: z.string().trim().min(1).max(120),
  role: Role,
  password: Password,
});
export const UpdateUserBody = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    role: Role.optional(),
    disabled: z.boolean().optional(),
    password: Password.optional().describe('Set a new password (an admin reset); ends the user’s sessions'),
  })
  .refine((body) => Object.keys(body).length > 0, 'Nothing to update');

export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: IsoDateTime,
    actorId: Uuid.nullable(),
    actorEmail: z.string().nullable(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

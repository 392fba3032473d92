import type { Role } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { conflict, forbidden, notFound, unauthorized } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { type UserRow, UsersRepository } from '../users/users.repository.ts';
import type { Actor } from './actor.ts';
import { STAFF_ROLES } from './actor.ts';
import { type ApiTokenRow, AuthRepository } from './auth.repository.ts';
import { decoyPasswordHash, hashPassword, newSecret, safeEqual, sha256, verifyPassword } from './secrets.ts';

const DAY_MS = 86_400_000;
/** last_used_at is informative; writing it on every request would turn every read into a write. */
const TOUCH_INTERVAL_MS = 60_000;

export interface AuthSettings {
  sessionTtlDays: number;
}

export function toActor(user: UserRow, via: Actor['via'], sessionCsrf: string | null): Actor {
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role, via, sessionCsrf };
}

export function presentToken(row: ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revoked: row.revokedAt !== null,
  };
}

export class AuthService {
  private readonly repo: AuthRepository;
  private readonly users: UsersRepository;
  private readonly audit: AuditService;
  private readonly settings: AuthSettings;

  constructor(db: Db, audit: AuditService, settings: AuthSettings) {
    this.repo = new AuthRepository(db);
    this.users = new UsersRepository(db);
    this.audit = audit;
    this.settings = settings;
  }

  /** Checks a password and opens a session; the same error for an unknown e-mail and a wrong password. */
  async login(email: string, password: string) {
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!user || !ok || !user.passwordHash) throw unauthorized('Wrong e-mail or password');
    if (user.disabled) throw forbidden('This account is disabled; ask an administrator');
    const secret = newSecret('ech_s');
    const session = await this.repo.insertSession({
      tokenHash: sha256(secret),
      userId: user.id,
      csrfToken: newSecret('csrf'),
      expiresAt: new Date(Date.now() + this.settings.sessionTtlDays * DAY_MS),
    });
    return { secret, session, user };
  }

  async logout(secret: string): Promise<void> {
    await this.repo.deleteSession(sha256(secret));
  }

  async resolveSession(secret: string): Promise<{ actor: Actor; expiresAt: Date } | null> {
    const found = await this.repo.findLiveSession(sha256(secret), new Date());
    if (!found || found.user.disabled) return null;
    return {
      actor: toActor(found.user, 'session', found.session.csrfToken),
      expiresAt: found.session.expiresAt,
    };
  }

  async resolveBearer(secret: string): Promise<Actor | null> {
    const found = await this.repo.findTokenByHash(sha256(secret));
    if (!found || found.user.disabled) return null;
    const { token } = found;
    const now = new Date();
    if (token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.repo.touchToken(token.id, now);
    }
    return toActor(found.user, 'token', null);
  }

  checkCsrf(actor: Actor, header: string | undefined): boolean {
    return actor.via !== 'session' || (header !== undefined && safeEqual(header, actor.sessionCsrf ?? ''));
  }

  async createToken(actor: Actor, name: string, expiresInDays: number | undefined) {
    if (!STAFF_ROLES.includes(actor.role)) {
      throw forbidden('Personal access tokens are for administrators, organisers and commissaires');
    }
    const secret = newSecret('ech_pat');
    const row = await this.repo.insertToken({
      userId: actor.id,
      name,
      tokenHash: sha256(secret),
      prefix: secret.slice(0, 12),
      expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * DAY_MS) : null,
    });
    await this.audit.record(actor, 'token.create', { type: 'api_token', id: row.id }, { name });
    return { ...presentToken(row), token: secret };
  }

  async listTokens(actor: Actor) {
    return (await this.repo.listTokens(actor.id)).map(presentToken);
  }

  async revokeToken(actor: Actor, id: string): Promise<void> {
    const token = await this.repo.findToken(id);
    if (!token) throw notFound('No such token');
    if (token.userId !== actor.id && actor.role !== 'admin')
      throw forbidden('This token belongs to someone else');
    await this.repo.revokeToken(id, new Date());
    await this.audit.record(actor, 'token.revoke', { type: 'api_token', id }, { owner: token.userId });
  }

  /** First start: creates the configured admin, or returns a one-time setup secret when none is configured. */
  async bootstrap(
    admin: { email: string; password: string } | null,
  ): Promise<{ setupSecret: string | null }> {
    if ((await this.users.count()) > 0) return { setupSecret: null };
    if (admin) {
      const user = await this.users.insert({
        email: admin.email,
        name: 'Administrator',
        role: 'admin',
        passwordHash: await hashPassword(admin.password),
      });
      await this.audit.record(null, 'user.bootstrap', { type: 'user', id: user.id }, { email: user.email });
      return { setupSecret: null };
    }
    const secret = newSecret('setup');
    await this.repo.insertSetupToken(sha256(secret), new Date(Date.now() + DAY_MS));
    return { setupSecret: secret };
  }

  async completeSetup(input: { token: string; email: string; name: string; password: string }) {
    if ((await this.users.count()) > 0) throw conflict('Setup is already complete: sign in instead');
    if (!(await this.repo.consumeSetupToken(sha256(input.token), new Date()))) {
      throw forbidden('This setup link is invalid, used or expired; restart the server for a new one');
    }
    const user = await this.users.insert({
      email: input.email,
      name: input.name,
      role: 'admin',
      passwordHash: await hashPassword(input.password),
    });
    await this.audit.record(null, 'user.setup', { type: 'user', id: user.id }, { email: user.email });
    return user;
  }

  async currentUser(id: string): Promise<UserRow> {
    const user = await this.users.findById(id);
    if (!user) throw unauthorized('Your account no longer exists');
    return user;
  }

  async endSessionsOf(userId: string): Promise<void> {
    await this.repo.deleteSessionsOf(userId);
  }
}

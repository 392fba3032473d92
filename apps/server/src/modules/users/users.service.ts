import type { Role, User } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { badRequest, conflict, notFound } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/secrets.ts';
import { type UserRow, UsersRepository } from './users.repository.ts';

export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Account administration: only admins reach these (the routes say so). */
export class UsersService {
  private readonly repo: UsersRepository;
  private readonly audit: AuditService;
  private readonly auth: AuthService;

  constructor(db: Db, audit: AuditService, auth: AuthService) {
    this.repo = new UsersRepository(db);
    this.audit = audit;
    this.auth = auth;
  }

  async list(): Promise<User[]> {
    return (await this.repo.list()).map(presentUser);
  }

  async create(
    actor: Actor,
    input: { email: string; name: string; role: Role; password: string },
  ): Promise<User> {
    if (await this.repo.findByEmail(input.email))
      throw conflict(`A user with the e-mail ${input.email} exists already`);
    const row = await this.repo.insert({
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    });
    await this.audit.record(
      actor,
      'user.create',
      { type: 'user', id: row.id },
      { email: row.email, role: row.role },
    );
    return presentUser(row);
  }

  async update(
    actor: Actor,
    id: string,
    input: {
      name?: string | undefined;
      role?: Role | undefined;
      disabled?: boolean | undefined;
      password?: string | undefined;
    },
  ): Promise<User> {
    const existing = await this.repo.findById(id);
    if (!existing) throw notFound('No such user');
    if (id === actor.id && ((input.role && input.role !== 'admin') || input.disabled)) {
      // An admin locking themselves out could leave the platform with no administrator.
      throw badRequest('You cannot demote or disable your own account; ask another administrator');
    }
    const row = await this.repo.update(id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.role !== undefined && { role: input.role }),
      ...(input.disabled !== undefined && { disabled: input.disabled }),
      ...(input.password !== undefined && { passwordHash: await hashPassword(input.password) }),
    });
    if (input.password !== undefined || input.disabled) await this.auth.endSessionsOf(id);
    const changed = Object.keys(input).filter((k) => k !== 'password');
    if (input.password !== undefined) changed.push('password (reset)');
    await this.audit.record(actor, 'user.update', { type: 'user', id }, { changed, role: input.role });
    return presentUser(row!);
  }
}

import type { RaceStaffMember, Role } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { conflict, notFound, unprocessable } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { UsersRepository } from '../users/users.repository.ts';
import { RaceStaffRepository, type StaffRow } from './race-staff.repository.ts';
import type { RacesService } from './races.service.ts';

/** Only accounts whose role lets them officiate may join a race's staff. */
const STAFFABLE: readonly string[] = ['commissaire', 'organiser'];

function present(row: StaffRow): RaceStaffMember {
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: row.role as Role,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Who may officiate a race besides its owner: listed by its officials, changed by its managers. */
export class RaceStaffService {
  private readonly repo: RaceStaffRepository;
  private readonly users: UsersRepository;
  private readonly races: RacesService;
  private readonly audit: AuditService;

  constructor(db: Db, races: RacesService, audit: AuditService) {
    this.repo = new RaceStaffRepository(db);
    this.users = new UsersRepository(db);
    this.races = races;
    this.audit = audit;
  }

  async list(actor: Actor, raceId: string): Promise<RaceStaffMember[]> {
    await this.races.officiated(actor, raceId);
    return (await this.repo.list(raceId)).map(present);
  }

  async add(
    actor: Actor,
    raceId: string,
    who: { userId?: string | undefined; email?: string | undefined },
  ): Promise<RaceStaffMember> {
    const race = await this.races.managed(actor, raceId);
    const user = who.userId
      ? await this.users.findById(who.userId)
      : await this.users.findByEmail(who.email ?? '');
    if (!user || user.disabled) throw unprocessable('No active user with that id or e-mail address');
    if (!STAFFABLE.includes(user.role))
      throw unprocessable(
        `A ${user.role} cannot officiate; only commissaires and organisers join a race’s staff`,
      );
    if (user.id === race.ownerId) throw conflict('The race’s owner manages it already');
    if (!(await this.repo.add(raceId, user.id, actor.id)))
      throw conflict(`${user.email} is on the race’s staff already`);
    this.races.accessChanged(raceId);
    await this.audit.record(actor, 'race.staff.add', { type: 'race', id: raceId }, { userId: user.id });
    const added = (await this.repo.list(raceId)).find((r) => r.userId === user.id);
    return present(added!);
  }

  async remove(actor: Actor, raceId: string, userId: string): Promise<void> {
    await this.races.managed(actor, raceId);
    if (!(await this.repo.remove(raceId, userId))) throw notFound('That user is not on the race’s staff');
    this.races.accessChanged(raceId);
    await this.audit.record(actor, 'race.staff.remove', { type: 'race', id: raceId }, { userId });
  }
}

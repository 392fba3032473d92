import type { Race } from '@echelon/contracts';
import { checkRaceTransition, type RaceStatus, type StageStatus } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { conflict, forbidden, notFound } from '../../http/problem.ts';
import { RaceControl } from '../../live/race-control.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { canCreateRace, canManageRace, canOfficiateRace, canViewRace } from './race-policy.ts';
import { RaceStaffRepository } from './race-staff.repository.ts';
import { RaceStaffService } from './race-staff.service.ts';
import { type RaceRow, RacesRepository } from './races.repository.ts';

export function presentRace(row: RaceRow): Race {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    location: row.location,
    timeZone: row.timeZone,
    visibility: row.visibility as Race['visibility'],
    discipline: row.discipline as Race['discipline'],
    status: row.status as Race['status'],
    ownerId: row.ownerId,
    startDate: row.startDate,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    statusChangedAt: row.statusChangedAt.toISOString(),
  };
}

type RaceFields = Partial<
  Omit<Race, 'id' | 'status' | 'ownerId' | 'createdAt' | 'updatedAt' | 'statusChangedAt'>
>;

export class RacesService {
  private readonly repo: RacesRepository;
  private readonly audit: AuditService;
  private readonly control: RaceControl | null;
  private readonly staffRepo: RaceStaffRepository;
  private readonly onAccessChanged: (raceId: string) => void;
  /** Who officiates each race besides its owner; kept here so every race check sees the same staff. */
  readonly staff: RaceStaffService;

  /** `onAccessChanged` hears when who may see a race may have changed (details, staff), for the live gateways. */
  constructor(
    db: Db,
    audit: AuditService,
    control: RaceControl | null = null,
    onAccessChanged: (raceId: string) => void = () => {},
  ) {
    this.onAccessChanged = onAccessChanged;
    this.repo = new RacesRepository(db);
    this.audit = audit;
    this.control = control;
    this.staffRepo = new RaceStaffRepository(db);
    this.staff = new RaceStaffService(db, this, audit);
  }

  /** The race's facts for the policy, with its staff loaded only when the answer depends on them. */
  private async withStaff(actor: Actor | null, race: RaceRow) {
    if (actor === null || (actor.role !== 'commissaire' && actor.role !== 'organiser')) return race;
    return { ...race, staffIds: await this.staffRepo.userIds(race.id) };
  }

  /** The race if the caller may see it; 404 otherwise, so private races do not reveal themselves. */
  async visible(actor: Actor | null, id: string): Promise<RaceRow> {
    const race = await this.repo.findById(id);
    if (!race) throw notFound('No such race');
    if (canViewRace(actor, race) || canViewRace(actor, await this.withStaff(actor, race))) return race;
    throw notFound('No such race');
  }

  /** What the live gateways' access cache keeps of a race (see StageAccessCache); null if there is none. */
  async accessFacts(raceId: string) {
    const race = await this.repo.findById(raceId);
    if (!race) return null;
    return {
      raceId: race.id,
      ownerId: race.ownerId,
      visibility: race.visibility,
      status: race.status,
      staffIds: await this.staffRepo.userIds(race.id),
    };
  }

  /** Says that who may see the race may have changed (its staff did): gateways re-check. */
  accessChanged(raceId: string): void {
    this.onAccessChanged(raceId);
  }

  /** Whether the caller officiates the race (its managers and staff), for what only officials see. */
  async officiates(actor: Actor | null, race: RaceRow): Promise<boolean> {
    return canOfficiateRace(actor, await this.withStaff(actor, race));
  }

  /** The race if the caller may change it. Changing needs a signed-in manager: 403 for anyone else. */
  async managed(actor: Actor | null, id: string): Promise<RaceRow> {
    const race = await this.repo.findById(id);
    if (!race) throw notFound('No such race');
    if (!canManageRace(actor, race))
      throw forbidden('Only the race’s organisers and administrators can change it');
    return race;
  }

  /**
   * The race if the caller may officiate it (its managers and its staff): decisions, passings, race
   * control. 403 for anyone else.
   */
  async officiated(actor: Actor | null, id: string): Promise<RaceRow> {
    const race = await this.repo.findById(id);
    if (!race) throw notFound('No such race');
    if (!canOfficiateRace(actor, await this.withStaff(actor, race)))
      throw forbidden('Only the race’s organisers, staff and administrators can officiate it');
    return race;
  }

  async create(actor: Actor, input: Required<RaceFields> & { name: string }): Promise<Race> {
    if (!canCreateRace(actor)) throw forbidden('Only organisers and administrators create races');
    const row = await this.repo.insert({ ...input, ownerId: actor.id, status: 'draft' });
    await this.audit.record(actor, 'race.create', { type: 'race', id: row.id }, { name: row.name });
    return presentRace(row);
  }

  async update(actor: Actor, id: string, input: RaceFields): Promise<Race> {
    const race = await this.managed(actor, id);
    if (race.status === 'official' || race.status === 'cancelled') {
      throw conflict(`The race is ${race.status}; its details can no longer change`);
    }
    const row = await this.repo.update(id, input);
    this.accessChanged(id);
    await this.audit.record(actor, 'race.update', { type: 'race', id }, { changed: Object.keys(input) });
    return presentRace(row);
  }

  async get(actor: Actor | null, id: string): Promise<Race> {
    return presentRace(await this.visible(actor, id));
  }

  async list(
    actor: Actor | null,
    query: {
      status?: readonly RaceStatus[] | undefined;
      q?: string | undefined;
      mine?: boolean | undefined;
      limit: number;
      offset: number;
    },
  ) {
    const scope =
      actor?.role === 'admin'
        ? ({ kind: 'all' } as const)
        : ({ kind: 'public-or-owned', ownerId: actor?.id ?? null } as const);
    const { rows, total } = await this.repo.list({
      scope,
      ...(query.mine && { memberId: actor?.id ?? '00000000-0000-0000-0000-000000000000' }),
      ...(query.status && { status: query.status }),
      ...(query.q && { q: query.q }),
      limit: query.limit,
      offset: query.offset,
    });
    return { items: rows.map(presentRace), total };
  }

  /**
   * `setRaceStatus`: publishing, unpublishing and cancelling are the race's own acts; going live,
   * neutralising, resuming and finishing act on the named stage or the stage of the day (the race's
   * status follows its stages), and official approves every finished stage. A race without stages
   * moves on its own, as it always did.
   */
  async setStatus(
    actor: Actor,
    id: string,
    input: {
      status: RaceStatus;
      reason?: string | undefined;
      stageId?: string | undefined;
      at?: number | string | undefined;
    },
  ): Promise<Race> {
    const race = await this.officiated(actor, id);
    const from = race.status as RaceStatus;
    const to = input.status;
    const at = input.at === undefined ? Date.now() : new Date(input.at).getTime();
    const control = this.control;
    const move = RaceControl.stageMoveFor(to);
    // The race's own final and draft states answer first, naming both race statuses as ever.
    const settled = from === 'draft' || from === 'official' || from === 'cancelled';
    const check = checkRaceTransition(from, to);
    if (settled && !check.ok) throw conflict(check.reason);
    const hasStages = control ? (await control.stagesOf(id)).length > 0 : false;
    if (control && to === 'live' && !hasStages)
      throw conflict('The race has no stage to start; add one first');
    if (control && move && hasStages) {
      const moved =
        move === 'official'
          ? { race: await this.makeOfficial(control, actor, race, at), stageId: undefined }
          : await this.moveStageOfTheDay(control, race, move, input.stageId, at);
      await this.audit.record(
        actor,
        'race.status',
        { type: 'race', id },
        {
          from,
          to: moved.race.status,
          ...(moved.stageId && { stageId: moved.stageId, stageStatus: move }),
          ...(input.at !== undefined && { at }),
          ...(input.reason && { reason: input.reason }),
        },
      );
      return presentRace(moved.race);
    }
    if (!check.ok) throw conflict(check.reason);
    const row = await this.repo.transition(id, from, to);
    if (!row) throw conflict('The race status changed meanwhile; reload and try again');
    if (to === 'cancelled') await control?.cancelStages(id, at);
    await this.audit.record(
      actor,
      'race.status',
      { type: 'race', id },
      { from, to, ...(input.at !== undefined && { at }), ...(input.reason && { reason: input.reason }) },
    );
    return presentRace(row);
  }

  /** Live, neutralised or finished for a race with stages: the stage named, else the stage of the day. */
  private async moveStageOfTheDay(
    control: RaceControl,
    race: RaceRow,
    to: StageStatus,
    stageId: string | undefined,
    at: number,
  ) {
    const stage = await control.stageFor(race.id, stageId);
    if (!stage)
      throw conflict(
        to === 'live'
          ? 'Every stage of this race has run; add a stage first'
          : 'No stage of this race is running',
      );
    const moved = await control.move(race, stage, to, at);
    return { race: moved.race, stageId: stage.id };
  }

  /**
   * Official for the whole race (older clients): once every stage has run, each finished stage's
   * results are approved, which makes it official, and the race with it.
   */
  private async makeOfficial(control: RaceControl, actor: Actor, race: RaceRow, at: number) {
    if (race.status !== 'finished') {
      const check = checkRaceTransition(race.status as RaceStatus, 'official');
      throw conflict(check.ok ? 'Every stage must have finished first' : check.reason);
    }
    let current = race;
    for (const stage of await control.stagesOf(race.id)) {
      if (stage.status !== 'finished') continue;
      current = (await control.approve(current, stage, actor.id, at)).race;
    }
    return current;
  }
}

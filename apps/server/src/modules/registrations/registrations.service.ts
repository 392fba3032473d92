import type { RegistrationInput } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { badRequest, conflict, notFound, type ProblemItem, unprocessable } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { RiderInvitations } from '../invitations/rider-invitations.ts';
import type { RacesService } from '../races/races.service.ts';
import { raceWaves, unknownWave } from './registration-waves.ts';
import {
  type CategoryRow,
  type Evidence,
  type RegistrationInsert,
  type RegistrationRow,
  RegistrationsRepository,
} from './registrations.repository.ts';
import { parseRegistrationsCsv } from './registrations-csv.ts';

export function presentRegistration(row: RegistrationRow) {
  return {
    id: row.id,
    raceId: row.raceId,
    bib: row.bib,
    firstName: row.firstName,
    lastName: row.lastName,
    team: row.team,
    category: row.category,
    gender: row.gender as 'M' | 'F' | 'X' | null,
    birthYear: row.birthYear,
    nationality: row.nationality,
    deviceId: row.deviceId,
    wave: row.wave,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentCategory(row: CategoryRow) {
  return {
    id: row.id,
    raceId: row.raceId,
    code: row.code,
    name: row.name,
    kind: row.kind as 'custom',
    gender: row.gender as 'M' | 'F' | 'X' | null,
    minAge: row.minAge,
    maxAge: row.maxAge,
  };
}

const CLOSED = new Set(['official', 'cancelled']);
const fullName = (r: { firstName: string; lastName: string }) => `${r.firstName} ${r.lastName}`;

export class RegistrationsService {
  private readonly repo: RegistrationsRepository;
  private readonly races: RacesService;
  private readonly audit: AuditService;
  private readonly changed: (raceId: string) => void;
  private readonly riderInvitations: RiderInvitations;

  /** `changed` hears of every start-list change, so trackers and live standings follow it. */
  constructor(
    db: Db,
    races: RacesService,
    audit: AuditService,
    changed: (raceId: string) => void = () => {},
  ) {
    this.repo = new RegistrationsRepository(db);
    this.races = races;
    this.audit = audit;
    this.changed = changed;
    this.riderInvitations = new RiderInvitations(db, audit, races);
  }

  private async editable(actor: Actor, raceId: string) {
    const race = await this.races.managed(actor, raceId);
    if (CLOSED.has(race.status))
      throw conflict(`The race is ${race.status}; its start list can no longer change`);
    return race;
  }

  async list(
    actor: Actor | null,
    raceId: string,
    filter: { category?: string | undefined; q?: string | undefined },
  ) {
    const race = await this.races.visible(actor, raceId);
    const rows = await this.repo.list(raceId, filter);
    const items = rows.map(presentRegistration);
    // A tracker id is all Traccar Client and OwnTracks send to be believed: published, anyone could
    // send positions in a rider's name. Only the race's officials see them.
    if (!(await this.races.officiates(actor, race))) for (const item of items) item.deviceId = null;
    return { items, total: rows.length };
  }

  /**
   * Which account rides each registration, with its e-mail, and the riders invited and not yet
   * signed up: for the race's managers, who link and invite them. The public start list (`list`)
   * stays free of accounts.
   */
  async linkedRiders(actor: Actor, raceId: string) {
    await this.races.managed(actor, raceId);
    return {
      items: await this.repo.linkedRiders(raceId),
      invitations: await this.riderInvitations.pendingForRace(raceId),
    };
  }

  async create(actor: Actor, raceId: string, input: RegistrationInput) {
    await this.editable(actor, raceId);
    await this.checkWave(raceId, input.wave);
    const existing = await this.repo.list(raceId, {});
    const clash =
      conflictsWith(input, existing) ?? (await this.deviceClashes(raceId, [{ line: 0, input }]))[0]?.detail;
    if (clash) throw conflict(clash);
    const newCategories = await this.newCategoryCodes(raceId, [input]);
    const [row] = await this.repo.importAll(raceId, [toInsert(raceId, input)], {
      replace: false,
      newCategories,
    });
    await this.audit.record(actor, 'registration.create', { type: 'race', id: raceId }, { bib: input.bib });
    this.changed(raceId);
    return presentRegistration(row!);
  }

  /** Changes a rider's entry; the result must still be free of clashes (bib, tracker id). */
  async update(actor: Actor, registrationId: string, changes: Partial<RegistrationInput>) {
    const current = await this.repo.findById(registrationId);
    if (!current) throw notFound('No such registration');
    await this.editable(actor, current.raceId);
    // Only a wave being set is checked: an edit of the name must not fail on a wave renamed since.
    await this.checkWave(current.raceId, changes.wave);
    const next: RegistrationInput = {
      bib: current.bib,
      firstName: current.firstName,
      lastName: current.lastName,
      team: current.team,
      category: current.category,
      gender: current.gender as RegistrationInput['gender'],
      birthYear: current.birthYear,
      nationality: current.nationality,
      deviceId: current.deviceId,
      wave: current.wave,
      ...changes,
    };
    const others = (await this.repo.list(current.raceId, {})).filter((r) => r.id !== registrationId);
    const clash =
      conflictsWith(next, others) ??
      (await this.deviceClashes(current.raceId, [{ line: 0, input: next }]))[0]?.detail;
    if (clash) throw conflict(clash);
    const newCategories = await this.newCategoryCodes(current.raceId, [next]);
    if (newCategories.length > 0) {
      await this.repo.insertCategory({
        raceId: current.raceId,
        code: newCategories[0]!,
        name: newCategories[0]!,
        kind: 'custom',
      });
    }
    const row = await this.repo.update(registrationId, changes);
    await this.audit.record(
      actor,
      'registration.update',
      { type: 'race', id: current.raceId },
      {
        registrationId,
        changed: Object.keys(changes),
      },
    );
    this.changed(current.raceId);
    return presentRegistration(row);
  }

  /**
   * Takes a rider off the start list, only while nothing has been recorded of them: deleting would
   * erase their fixes, passings, results and decisions with them, so such a rider is withdrawn (DNS/DNF)
   * instead.
   */
  async remove(actor: Actor, registrationId: string): Promise<void> {
    const current = await this.repo.findById(registrationId);
    if (!current) throw notFound('No such registration');
    await this.editable(actor, current.raceId);
    const recorded = recordedOf(await this.repo.evidenceOf(registrationId));
    if (recorded) {
      throw conflict(
        `Bib ${current.bib} (${fullName(current)}) cannot be deleted: ${recorded} recorded for them would be ` +
          `lost. Withdraw the rider instead (POST /api/v1/registrations/${registrationId}/withdrawal with ` +
          'status DNS or DNF).',
      );
    }
    await this.repo.delete(registrationId);
    await this.audit.record(
      actor,
      'registration.delete',
      { type: 'race', id: current.raceId },
      {
        registrationId,
        bib: current.bib,
      },
    );
    this.changed(current.raceId);
  }

  /**
   * All rows valid and free → all imported; otherwise nothing is, and every bad row is named. A category
   * the race does not have is such an error, unless `createCategories` says to create it (a typo must
   * not become a category of its own). Replacing the start list is refused once anything has been
   * recorded of its riders.
   */
  async importCsv(
    actor: Actor,
    raceId: string,
    text: string,
    mode: 'append' | 'replace',
    createCategories = false,
  ) {
    await this.editable(actor, raceId);
    const parsed = parseRegistrationsCsv(text, raceWaves(await this.repo.stageWaveNames(raceId)));
    if (!parsed.ok) throw unprocessable(parsed.detail, parsed.errors);
    if (mode === 'replace') {
      const recorded = recordedOf(await this.repo.evidenceOfRace(raceId));
      if (recorded) {
        throw conflict(
          `The start list cannot be replaced: ${recorded} recorded for its riders would be lost. Import ` +
            'in append mode, edit riders, or withdraw them instead.',
        );
      }
    }
    const errors: ProblemItem[] = await this.deviceClashes(raceId, parsed.rows);
    if (!createCategories) {
      const unknown = new Set(
        await this.newCategoryCodes(
          raceId,
          parsed.rows.map((r) => r.input),
        ),
      );
      for (const { line, input } of parsed.rows) {
        if (input.category !== null && unknown.has(input.category)) {
          errors.push({
            line,
            detail:
              `category ${input.category} does not exist in this race; define it first, or import with ` +
              'createCategories=true to create it',
          });
        }
      }
    }
    if (mode === 'append') {
      const existing = await this.repo.list(raceId, {});
      for (const { line, input } of parsed.rows) {
        const clash = conflictsWith(input, existing);
        if (clash) errors.push({ line, detail: clash });
      }
    }
    errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    if (errors.length > 0) {
      throw unprocessable(
        `${errors.length} row(s) cannot be imported (line ${errors.map((e) => e.line).join(', ')}); nothing was imported`,
        errors,
      );
    }
    const inputs = parsed.rows.map((r) => r.input);
    const newCategories = await this.newCategoryCodes(raceId, inputs);
    await this.repo.importAll(
      raceId,
      inputs.map((input) => toInsert(raceId, input)),
      {
        replace: mode === 'replace',
        newCategories,
      },
    );
    await this.audit.record(
      actor,
      'registration.import',
      { type: 'race', id: raceId },
      {
        rows: inputs.length,
        mode,
        createdCategories: newCategories,
      },
    );
    return { imported: inputs.length, createdCategories: newCategories };
  }

  async listCategories(actor: Actor | null, raceId: string) {
    await this.races.visible(actor, raceId);
    return (await this.repo.listCategories(raceId)).map(presentCategory);
  }

  async createCategory(
    actor: Actor,
    raceId: string,
    input: {
      code: string;
      name: string;
      kind: string;
      gender: string | null;
      minAge: number | null;
      maxAge: number | null;
    },
  ) {
    await this.editable(actor, raceId);
    const existing = await this.repo.listCategories(raceId);
    if (existing.some((c) => c.code === input.code)) throw conflict(`Category ${input.code} exists already`);
    if (input.kind === 'age' && input.minAge === null && input.maxAge === null) {
      throw badRequest('An age category needs minAge, maxAge or both');
    }
    const row = await this.repo.insertCategory({ raceId, ...input });
    await this.audit.record(actor, 'category.create', { type: 'race', id: raceId }, { code: row.code });
    return presentCategory(row);
  }

  /** Refuses a wave not every stage with waves defines (422, pointing at the field). */
  private async checkWave(raceId: string, wave: string | null | undefined): Promise<void> {
    if (wave === null || wave === undefined) return;
    const detail = unknownWave(wave, raceWaves(await this.repo.stageWaveNames(raceId)));
    if (detail) throw unprocessable(detail, [{ pointer: '/wave', detail }]);
  }

  private async deviceClashes(raceId: string, rows: Array<{ line: number; input: RegistrationInput }>) {
    const ids = rows.map((r) => r.input.deviceId).filter((id): id is string => id !== null);
    const used = new Map(
      (await this.repo.devicesInUseElsewhere(raceId, ids)).map((u) => [u.deviceId, u.raceName]),
    );
    return rows
      .filter((r) => r.input.deviceId !== null && used.has(r.input.deviceId))
      .map(({ line, input }) => ({
        line,
        detail: `device_id ${input.deviceId} is already in use in the race "${used.get(input.deviceId!)}"`,
      }));
  }

  private async newCategoryCodes(raceId: string, inputs: RegistrationInput[]): Promise<string[]> {
    const known = new Set((await this.repo.listCategories(raceId)).map((c) => c.code));
    const wanted = new Set(inputs.map((i) => i.category).filter((c): c is string => c !== null));
    return [...wanted].filter((code) => !known.has(code)).sort();
  }
}

/** What was recorded, in words ("12 fixes, 1 passing"); null when nothing was. */
function recordedOf(evidence: Evidence): string | null {
  const words: Array<[number, string, string]> = [
    [evidence.fixes, 'fix', 'fixes'],
    [evidence.passings, 'passing', 'passings'],
    [evidence.results, 'stage result', 'stage results'],
    [evidence.decisions, 'decision', 'decisions'],
  ];
  const parts = words.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return parts.length > 0 ? parts.join(', ') : null;
}

function toInsert(raceId: string, input: RegistrationInput): RegistrationInsert {
  return { raceId, ...input };
}

function conflictsWith(input: RegistrationInput, existing: RegistrationRow[]): string | null {
  const byBib = existing.find((r) => r.bib === input.bib);
  if (byBib) return `bib ${input.bib} is already taken by ${fullName(byBib)}`;
  const byDevice = input.deviceId ? existing.find((r) => r.deviceId === input.deviceId) : undefined;
  if (byDevice)
    return `device_id ${input.deviceId} is already paired with bib ${byDevice.bib} (${fullName(byDevice)})`;
  return null;
}

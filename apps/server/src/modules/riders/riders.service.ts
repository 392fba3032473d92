import type { RiderProfile } from '@echelon/contracts';
import { type Crossing, type LiveCheckpoint, metres } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/problem.ts';
import type { Actor } from '../auth/actor.ts';
import { canViewRace } from '../races/race-policy.ts';
import { type Split, splitsOf } from '../replay/splits.ts';
import { nameKey } from '../results/result-values.ts';
import type { ResultsService } from '../results/results.service.ts';
import { type RaceStageRow, RiderLinesRepository } from './rider-lines.repository.ts';
import { type Entry, RidersRepository, type SplitCourse } from './riders.repository.ts';

type RiderRace = RiderProfile['races'][number];

const fullName = (r: { firstName: string; lastName: string }) => `${r.firstName} ${r.lastName}`;

/** A rider's page: who they are, and every race of theirs the caller may see, stage by stage. */
export class RidersService {
  private readonly repo: RidersRepository;
  private readonly lines: RiderLinesRepository;
  private readonly results: ResultsService;

  constructor(db: Db, results: ResultsService) {
    this.repo = new RidersRepository(db);
    this.lines = new RiderLinesRepository(db);
    this.results = results;
  }

  /**
   * The registration and the same person's other ones. Registrations carry no account, so "the same
   * person" is the same name with case, accents, punctuation and word order ignored — the rule results
   * imports already match riders by.
   */
  async profile(actor: Actor | null, registrationId: string): Promise<RiderProfile> {
    const own = await this.repo.entry(registrationId);
    if (!own || !canViewRace(actor, own.race)) throw notFound('No such rider');
    const key = nameKey(fullName(own.registration));
    const same = (await this.repo.namesakes(key)).filter(
      (r) => r.id === registrationId || nameKey(fullName(r)) === key,
    );
    const entries = (await this.repo.entries(same.map((r) => r.id))).filter(
      (e) => e.registration.id === registrationId || canViewRace(actor, e.race),
    );
    const races: RiderRace[] = [];
    for (const entry of entries) races.push(await this.raceOf(entry, registrationId));
    races.sort(
      (a, b) => (b.startDate ?? '').localeCompare(a.startDate ?? '') || a.raceName.localeCompare(b.raceName),
    );
    const r = own.registration;
    return {
      id: r.id,
      raceId: own.race.id,
      raceName: own.race.name,
      bib: r.bib,
      firstName: r.firstName,
      lastName: r.lastName,
      name: fullName(r),
      team: r.team,
      category: r.category,
      nationality: r.nationality,
      birthYear: r.birthYear,
      races,
    };
  }

  /**
   * The rider's stages of one race, from that rider's stored lines only: each stage's results are made
   * fresh first (through the results service, which computes any stale ones, as the whole race's
   * standings would), then the rider's line and the stage's winning time are read by key.
   */
  private async raceOf({ registration, race }: Entry, current: string) {
    const stages = await this.lines.stagesOfRace(race.id);
    const crossings = new Map<string, Crossing[]>();
    for (const stage of stages) {
      crossings.set(
        stage.id,
        (await this.results.crossings(stage, registration.id)).get(registration.id) ?? [],
      );
    }
    const ids = stages.map((s) => s.id);
    const lines = await this.lines.linesOf(ids, registration.id);
    const riding = stages.filter((s) => lines.has(s.id));
    const winners = await this.lines.winningTimes(riding.map((s) => s.id));
    const courses = await this.repo.splitCourses(riding.map((s) => s.id));
    const out: RiderRace['stages'] = [];
    for (const stage of riding) {
      const line = lines.get(stage.id)!;
      const winner = winners.get(stage.id) ?? null;
      out.push({
        stageId: stage.id,
        number: stage.number,
        name: stage.name,
        startedAt: stage.startedAt,
        rank: line.rank,
        time: line.time,
        gap: line.status === null && line.time !== null && winner !== null ? line.time - winner : null,
        status: line.status,
        splits: this.splits(stage, courses.get(stage.id) ?? null, crossings.get(stage.id) ?? []),
      });
    }
    return {
      registrationId: registration.id,
      raceId: race.id,
      raceName: race.name,
      raceStatus: race.status as RiderRace['raceStatus'],
      startDate: race.startDate,
      bib: registration.bib,
      team: registration.team,
      category: registration.category,
      current: registration.id === current,
      stages: out,
    };
  }

  /**
   * A rider's checkpoint splits from the crossings their stored result used (never the raw fixes), on
   * the checkpoints as the live course places them (none beyond the course's length).
   */
  private splits(stage: RaceStageRow, course: SplitCourse | null, crossings: Crossing[]): Split[] {
    if (!course || stage.startedAt === null) return [];
    const length = course.lapLength * course.lapCount;
    const checkpoints = course.checkpoints.map(
      (c): LiveCheckpoint => ({
        id: c.id,
        kind: c.kind as LiveCheckpoint['kind'],
        name: c.name,
        distance: metres(Math.min(c.distance, length)),
      }),
    );
    return splitsOf(crossings, checkpoints, stage.startedAt);
  }
}

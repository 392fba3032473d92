import type { RiderProfile } from '@echelon/contracts';
import { type LiveCheckpoint, metres } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/problem.ts';
import type { Actor } from '../auth/actor.ts';
import { canViewRace } from '../races/race-policy.ts';
import { type Split, splitsOf } from '../replay/splits.ts';
import { nameKey } from '../results/result-values.ts';
import type { ResultsService } from '../results/results.service.ts';
import { raceResults, type ScoredStage } from '../stats/race-results.ts';
import { type Entry, RidersRepository, type SplitCourse } from './riders.repository.ts';

type RiderRace = RiderProfile['races'][number];

const fullName = (r: { firstName: string; lastName: string }) => `${r.firstName} ${r.lastName}`;

/** A rider's page: who they are, and every race of theirs the caller may see, stage by stage. */
export class RidersService {
  private readonly repo: RidersRepository;
  private readonly results: ResultsService;

  constructor(db: Db, results: ResultsService) {
    this.repo = new RidersRepository(db);
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
    const entries = (await this.repo.allEntries()).filter(
      (e) =>
        e.registration.id === registrationId ||
        (nameKey(fullName(e.registration)) === key && canViewRace(actor, e.race)),
    );
    const races: RiderRace[] = [];
    for (const entry of entries) races.push(await this.raceOf(actor, entry, registrationId));
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

  private async raceOf(actor: Actor | null, { registration, race }: Entry, current: string) {
    const { stages } = await raceResults(this.results, actor, race.id);
    const courses = await this.repo.splitCourses(stages.map((s) => s.stage.id));
    const out: RiderRace['stages'] = [];
    for (const { stage, lines } of stages) {
      const line = lines.find((l) => l.registrationId === registration.id);
      if (!line) continue;
      const winner = lines.find((l) => l.rank === 1)?.time ?? null;
      out.push({
        stageId: stage.id,
        number: stage.number,
        name: stage.name,
        startedAt: stage.startedAt,
        rank: line.rank,
        time: line.time,
        gap: line.status === null && line.time !== null && winner !== null ? line.time - winner : null,
        status: line.status,
        splits: await this.splits(stage, courses.get(stage.id) ?? null, registration.id),
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
  private async splits(
    stage: ScoredStage,
    course: SplitCourse | null,
    registrationId: string,
  ): Promise<Split[]> {
    if (!course || stage.startedAt === null) return [];
    const crossings = (await this.results.crossings(stage, registrationId)).get(registrationId) ?? [];
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

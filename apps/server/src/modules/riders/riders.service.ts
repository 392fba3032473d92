import type { RiderProfile } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/problem.ts';
import type { StageContext } from '../../live/live.repository.ts';
import { liveCourseOf } from '../../live/live-course.ts';
import type { Actor } from '../auth/actor.ts';
import { canViewRace } from '../races/race-policy.ts';
import type { ReplayService } from '../replay/replay.service.ts';
import { type Split, splitsOf } from '../replay/splits.ts';
import { nameKey } from '../results/result-values.ts';
import type { ResultsService } from '../results/results.service.ts';
import { raceResults } from '../stats/race-results.ts';
import { type Entry, RidersRepository } from './riders.repository.ts';

type RiderRace = RiderProfile['races'][number];

const fullName = (r: { firstName: string; lastName: string }) => `${r.firstName} ${r.lastName}`;

/** A rider's page: who they are, and every race of theirs the caller may see, stage by stage. */
export class RidersService {
  private readonly repo: RidersRepository;
  private readonly results: ResultsService;
  private readonly replay: ReplayService;

  constructor(db: Db, results: ResultsService, replay: ReplayService) {
    this.repo = new RidersRepository(db);
    this.results = results;
    this.replay = replay;
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
    const out: RiderRace['stages'] = [];
    for (const { stage, lines } of stages) {
      const line = lines.find((l) => l.registrationId === registration.id);
      if (!line) continue;
      const winner = lines.find((l) => l.rank === 1)?.time ?? null;
      const context = await this.replay.visibleStage(actor, stage.id);
      out.push({
        stageId: stage.id,
        number: stage.number,
        name: stage.name,
        startedAt: stage.startedAt,
        rank: line.rank,
        time: line.time,
        gap: line.status === null && line.time !== null && winner !== null ? line.time - winner : null,
        status: line.status,
        splits: await this.splits(context, registration.id),
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

  /** A rider's checkpoint splits from the crossings their stored result used (never the raw fixes). */
  private async splits(context: StageContext, registrationId: string): Promise<Split[]> {
    if (!context.course || context.stage.startedAt === null) return [];
    const crossings = (await this.results.crossings(context.stage, registrationId)).get(registrationId) ?? [];
    return splitsOf(
      crossings,
      liveCourseOf(context.course, context.checkpoints).checkpoints,
      context.stage.startedAt,
    );
  }
}

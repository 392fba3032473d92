import type { Classification } from '@echelon/contracts';
import { scoring } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/problem.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import { type ClassificationKind, raceYearOf } from './classification-sets.ts';
import type { RiderRow } from './classification-tables.ts';
import { type RegistrationRow, ResultsRepository } from './results.repository.ts';
import type { ResultsStore } from './results-store.ts';

export type { ClassificationKind } from './classification-sets.ts';

export interface ClassificationFilter {
  /** Only riders of this category code, re-ranked among themselves. */
  category?: string | undefined;
  /** Only riders of this age group (`35-39`, by race year − birth year), re-ranked among themselves. */
  ageGroup?: string | undefined;
  /** The classification after this stage (by number): only the stages up to it count. */
  stage?: number | undefined;
}

/**
 * Every classification of a race, after its latest stage with results or after any stage asked for,
 * as stored when the stages' results were last computed (see `ResultsStore`); any of them per
 * category or age group, re-ranked among those riders.
 */
export class ClassificationsService {
  private readonly store: ResultsStore;
  private readonly repo: ResultsRepository;
  private readonly races: RacesService;

  constructor(db: Db, store: ResultsStore, races: RacesService) {
    this.store = store;
    this.repo = new ResultsRepository(db);
    this.races = races;
  }

  async get(
    actor: Actor | null,
    raceId: string,
    kind: ClassificationKind,
    filter: ClassificationFilter,
  ): Promise<Classification> {
    const race = await this.races.visible(actor, raceId);
    const stages = (await this.repo.stagesOfRace(raceId)).filter((s) => s.number >= 0);
    const sets = await this.store.fresh(stages);
    const after =
      filter.stage === undefined
        ? stages.filter((s) => (sets.get(s.id)?.rowCount ?? 0) > 0).at(-1)
        : stages.find((s) => s.number === filter.stage);
    if (filter.stage !== undefined && !after) throw notFound(`This race has no stage ${filter.stage}`);
    if (!after) return { state: 'provisional', afterStage: null, stages: [], items: [] };
    let stored = await this.store.classification(raceId, after.number, kind);
    if (!stored) {
      // A stage added since the race's results were last stored has no classification after it yet.
      await this.store.reclassify(raceId, after.number);
      stored = await this.store.classification(raceId, after.number, kind);
    }
    if (!stored) return { state: 'provisional', afterStage: null, stages: [], items: [] };
    let items = stored.items as unknown as Classification['items'];
    if (kind !== 'team' && (filter.category || filter.ageGroup)) {
      const riders = new Map((await this.repo.ridersOfRace(raceId)).map((r) => [r.bib, r]));
      const raceYear = raceYearOf(race);
      items = rerank((items as RiderRow[]).filter((r) => inGroup(riders.get(r.bib), filter, raceYear)));
    }
    return {
      state: stored.state as Classification['state'],
      afterStage: { number: after.number, name: after.name },
      stages: stored.stages,
      items,
    };
  }
}

/** Whether a rider is of the category and age group the filter names. */
function inGroup(
  rider: RegistrationRow | undefined,
  filter: ClassificationFilter,
  raceYear: number,
): boolean {
  if (!rider) return false;
  if (filter.category && rider.category !== filter.category) return false;
  if (filter.ageGroup) {
    if (rider.birthYear === null) return false;
    const age = scoring.formats.raceAge(raceYear, rider.birthYear);
    if (scoring.formats.ageGroup(age) !== filter.ageGroup) return false;
  }
  return true;
}

/** Ranks a filtered classification among its own riders, ties (equal rank before) kept as ties. */
function rerank<T extends { rank: number }>(rows: T[]): T[] {
  let last = -1;
  let rank = 0;
  return rows.map((r, k) => {
    if (r.rank !== last) rank = k + 1;
    last = r.rank;
    return { ...r, rank };
  });
}

import type { Classification, RankingFilterQuery, StageResultRow } from '@echelon/contracts';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/problem.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import type { ClassificationKind } from './classification-sets.ts';
import type { RiderRow } from './classification-tables.ts';
import { inRankings, narrows, RaceRankingsLoader, raceYearOf } from './race-rankings.ts';
import { ResultsRepository } from './results.repository.ts';
import type { ResultsStore } from './results-store.ts';

export type { ClassificationKind } from './classification-sets.ts';

export interface ClassificationFilter extends RankingFilterQuery {
  /** The classification after this stage (by number): only the stages up to it count. */
  stage?: number | undefined;
}

/**
 * Every classification of a race, after its latest stage with results or after any stage asked for,
 * as stored when the stages' results were last computed (see `ResultsStore`), and any of them per
 * gender, category or age group: each rider's places in those rankings come from the start list as it
 * stands, and a classification narrowed to one ranking is re-ranked among its riders.
 */
export class ClassificationsService {
  private readonly store: ResultsStore;
  private readonly repo: ResultsRepository;
  private readonly races: RacesService;
  private readonly rankings: RaceRankingsLoader;

  constructor(db: Db, store: ResultsStore, races: RacesService) {
    this.store = store;
    this.repo = new ResultsRepository(db);
    this.races = races;
    this.rankings = new RaceRankingsLoader(db);
  }

  /**
   * A stage's result rows with every rider's places by gender, category and age group, narrowed to the
   * rankings the filter names. `rank` stays the overall place, as organisers publish it beside the others.
   */
  async stageRankings(
    actor: Actor | null,
    stageId: string,
    rows: readonly StageResultRow[],
    filter: RankingFilterQuery,
  ): Promise<StageResultRow[]> {
    const [stage] = await this.repo.stageById(stageId);
    if (!stage) throw notFound('No such stage');
    const race = await this.races.visible(actor, stage.raceId);
    const rankings = await this.rankings.of(race.id, raceYearOf(race.startDate, stage.scheduledStart));
    return rankings.placed(rows).filter((row) => inRankings(row, filter));
  }

  /** The race, if the caller may see it (404 otherwise). */
  visible(actor: Actor | null, raceId: string) {
    return this.races.visible(actor, raceId);
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
    if (kind !== 'team') {
      // The same year a stage's result counts ages from: the race's date, else its first stage's.
      const raceYear = raceYearOf(race.startDate, stages[0]?.scheduledStart);
      const placed = (await this.rankings.of(raceId, raceYear)).placed(items as RiderRow[]);
      // Narrowed to one ranking, `rank` is the place in it (the other places stay on the row).
      items = narrows(filter) ? rerank(placed.filter((r) => inRankings(r, filter))) : placed;
    }
    return {
      state: stored.state as Classification['state'],
      afterStage: { number: after.number, name: after.name },
      stages: stored.stages,
      items,
    };
  }
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

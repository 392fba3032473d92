import type { Classification, RankingFilterQuery, StageResultRow } from '@echelon/contracts';
import { scoring } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/problem.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import {
  awardsClassificationOf,
  generalClassificationOf,
  type RiderRow,
  type ScoredStage,
  teamClassificationOf,
} from './classification-tables.ts';
import { inRankings, narrows, RaceRankingsLoader, raceYearOf } from './race-rankings.ts';
import { ResultsRepository, type StageRow } from './results.repository.ts';
import type { ResultsService } from './results.service.ts';

export type ClassificationKind = 'general' | 'points' | 'mountains' | 'youth' | 'team';

export interface ClassificationFilter extends RankingFilterQuery {
  /** The classification after this stage (by number): only the stages up to it count. */
  stage?: number | undefined;
}

/**
 * Every classification of a race, after its latest stage with results or after any stage asked for,
 * and any of them per gender, category or age group. General, points and mountains sum the stages counted;
 * youth is the GC of riders young enough; team sums each team's best three times per stage. A
 * classification is official once every stage counted, up to the one it stands after, is approved.
 */
export class ClassificationsService {
  private readonly results: ResultsService;
  private readonly repo: ResultsRepository;
  private readonly races: RacesService;
  private readonly rankings: RaceRankingsLoader;

  constructor(db: Db, results: ResultsService, races: RacesService) {
    this.results = results;
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

  async get(
    actor: Actor | null,
    raceId: string,
    kind: ClassificationKind,
    filter: ClassificationFilter,
  ): Promise<Classification> {
    const race = await this.races.visible(actor, raceId);
    const asked = filter.stage === undefined ? null : await this.stageNumbered(raceId, filter.stage);
    const standings = await this.results.standings(actor, raceId);
    const counted = asked ? standings.scored.filter((s) => s.stage.number <= asked.number) : standings.scored;
    // Every stage with results counted: the results service's own GC is that classification.
    const gc = counted.length === standings.scored.length ? standings.gc : generalClassificationOf(counted);
    const after = asked ?? counted.at(-1)?.stage ?? null;
    // The same year a stage's result counts ages from: the race's date, else its first stage's.
    const raceYear = raceYearOf(race.startDate, counted[0]?.stage.scheduledStart);
    return {
      state: await this.state(counted, after),
      afterStage: after && { number: after.number, name: after.name },
      stages: counted.map((s) => s.stage.number),
      items:
        kind === 'team'
          ? teamClassificationOf(counted, gc)
          : await this.riders(kind, counted, gc, raceId, raceYear, filter),
    };
  }

  /** A stage of the race by its number; 404 when the race has none so numbered. */
  private async stageNumbered(raceId: string, number: number): Promise<StageRow> {
    const stage = (await this.repo.stagesOfRace(raceId)).find((s) => s.number === number && s.number >= 0);
    if (!stage) throw notFound(`This race has no stage ${number}`);
    return stage;
  }

  /** Official only when the stage it stands after has results and every stage counted is approved. */
  private async state(counted: readonly ScoredStage[], after: StageRow | null) {
    if (!after || !counted.some((s) => s.stage.id === after.id)) return 'provisional';
    for (const { stage } of counted) {
      if ((await this.results.stageState(stage.id)) !== 'official') return 'provisional';
    }
    return 'official';
  }

  private async riders(
    kind: Exclude<ClassificationKind, 'team'>,
    counted: readonly ScoredStage[],
    gc: RiderRow[],
    raceId: string,
    raceYear: number,
    filter: ClassificationFilter,
  ) {
    let rows = kind === 'points' || kind === 'mountains' ? awardsClassificationOf(counted, gc, kind) : gc;
    if (kind === 'youth') {
      const riders = await this.repo.ridersOfRace(raceId);
      const born = new Map(riders.filter((r) => r.birthYear !== null).map((r) => [r.bib, r.birthYear!]));
      rows = scoring
        .youthClassification(rows, born, raceYear)
        .map(({ youthRank, ...r }) => ({ ...r, rank: youthRank }));
    }
    const placed = (await this.rankings.of(raceId, raceYear)).placed(rows);
    // Narrowed to one ranking, `rank` is the place in it (the other places stay on the row).
    return narrows(filter) ? rerank(placed.filter((r) => inRankings(r, filter))) : placed;
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

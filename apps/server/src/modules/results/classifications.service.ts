import type { Classification } from '@echelon/contracts';
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
import { type RegistrationRow, ResultsRepository, type StageRow } from './results.repository.ts';
import type { ResultsService } from './results.service.ts';

export type ClassificationKind = 'general' | 'points' | 'mountains' | 'youth' | 'team';

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
 * and any of them per category or age group. General, points and mountains sum the stages counted;
 * youth is the GC of riders young enough; team sums each team's best three times per stage. A
 * classification is official once every stage counted, up to the one it stands after, is approved.
 */
export class ClassificationsService {
  private readonly results: ResultsService;
  private readonly repo: ResultsRepository;
  private readonly races: RacesService;

  constructor(db: Db, results: ResultsService, races: RacesService) {
    this.results = results;
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
    const asked = filter.stage === undefined ? null : await this.stageNumbered(raceId, filter.stage);
    const standings = await this.results.standings(actor, raceId);
    const counted = asked ? standings.scored.filter((s) => s.stage.number <= asked.number) : standings.scored;
    // Every stage with results counted: the results service's own GC is that classification.
    const gc = counted.length === standings.scored.length ? standings.gc : generalClassificationOf(counted);
    const after = asked ?? counted.at(-1)?.stage ?? null;
    const raceYear = Number((race.startDate ?? new Date().toISOString()).slice(0, 4));
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
  ): Promise<RiderRow[]> {
    let rows = kind === 'points' || kind === 'mountains' ? awardsClassificationOf(counted, gc, kind) : gc;
    const riders = new Map((await this.repo.ridersOfRace(raceId)).map((r) => [r.bib, r]));
    if (kind === 'youth') {
      const born = new Map(
        [...riders.values()].filter((r) => r.birthYear !== null).map((r) => [r.bib, r.birthYear!]),
      );
      rows = scoring
        .youthClassification(rows, born, raceYear)
        .map(({ youthRank, ...r }) => ({ ...r, rank: youthRank }));
    }
    if (filter.category || filter.ageGroup) {
      rows = rerank(rows.filter((r) => inGroup(riders.get(r.bib), filter, raceYear)));
    }
    return rows;
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

import { scoring } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/actor.ts';
import type { RacesService } from '../races/races.service.ts';
import { ResultsRepository } from './results.repository.ts';
import type { ResultsService } from './results.service.ts';

export type ClassificationKind = 'general' | 'points' | 'mountains' | 'youth' | 'team';

export interface ClassificationFilter {
  /** Only riders of this category code, re-ranked among themselves. */
  category?: string | undefined;
  /** Only riders of this age group (`35-39`, by race year − birth year), re-ranked among themselves. */
  ageGroup?: string | undefined;
}

type Row = {
  rank: number;
  bib: number;
  registrationId: string | null;
  rider: string;
  team: string | null;
  time: number | null;
  gap: number | null;
  status: string | null;
  points?: number;
};

/**
 * Every classification of a race, and any of them per category or age group. General, points and
 * mountains come from the results service; youth is the GC of riders young enough; team sums each
 * team's best three times per stage.
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

  async get(actor: Actor | null, raceId: string, kind: ClassificationKind, filter: ClassificationFilter) {
    const race = await this.races.visible(actor, raceId);
    const raceYear = Number((race.startDate ?? new Date().toISOString()).slice(0, 4));
    if (kind === 'team') return this.team(actor, raceId);
    let rows: Row[] =
      kind === 'points' || kind === 'mountains'
        ? await this.results.awardsClassification(actor, raceId, kind)
        : await this.results.generalClassification(actor, raceId);
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
      rows = rows.filter((r) => {
        const rider = riders.get(r.bib!);
        if (!rider) return false;
        if (filter.category && rider.category !== filter.category) return false;
        if (filter.ageGroup) {
          if (rider.birthYear === null) return false;
          if (
            scoring.formats.ageGroup(scoring.formats.raceAge(raceYear, rider.birthYear)) !== filter.ageGroup
          )
            return false;
        }
        return true;
      });
      rows = rerank(rows);
    }
    return rows;
  }

  private async team(actor: Actor | null, raceId: string) {
    const { scored, gc } = await this.results.standings(actor, raceId);
    const table = scoring.teamClassification(
      scored.map(({ rows }) => scoring.teamStage(rows)),
      gc.map((r) => ({ team: r.team ?? '', rank: r.rank })),
    );
    const leader = table[0]?.time ?? 0;
    return table.map((t) => ({
      rank: t.rank,
      bib: null,
      registrationId: null,
      rider: null,
      team: t.team,
      time: t.time,
      gap: t.time - leader,
      status: null,
    }));
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

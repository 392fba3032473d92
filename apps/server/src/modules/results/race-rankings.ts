import type { RankingFilterQuery } from '@echelon/contracts';
import { scoring } from '@echelon/domain';
import type { Db } from '../../db/client.ts';
import { RegistrationsRepository } from '../registrations/registrations.repository.ts';
import { ResultsRepository } from './results.repository.ts';

type Rider = scoring.formats.RankedRider;

/** A row of a results table as the rankings read it: its overall rank and who it is. */
interface RankedRow {
  rank: number | null;
  registrationId: string | null;
}

/**
 * The year race ages count from (race year − birth year): the race's first day, else the stage's
 * scheduled start, else this year.
 */
export function raceYearOf(startDate: string | null, scheduledStart?: Date | null): number {
  if (startDate) return Number(startDate.slice(0, 4));
  return (scheduledStart ?? new Date()).getUTCFullYear();
}

/**
 * A race's rankings besides the overall one — by gender, category and age group (the race's own age
 * categories) — as places on each row of a results table, and the table narrowed to one of them.
 */
export class RaceRankings {
  private readonly riders: ReadonlyMap<string, Rider>;
  private readonly categories: readonly scoring.formats.RaceCategory[];
  private readonly raceYear: number;

  constructor(
    riders: ReadonlyMap<string, Rider>,
    categories: readonly scoring.formats.RaceCategory[],
    raceYear: number,
  ) {
    this.riders = riders;
    this.categories = categories;
    this.raceYear = raceYear;
  }

  /** Each row with the rider's gender, category and age group and their place in each (from `rank`). */
  placed<T extends RankedRow>(rows: readonly T[]) {
    const riderOf = (row: T) => (row.registrationId ? (this.riders.get(row.registrationId) ?? null) : null);
    const places = scoring.formats.rankingPlaces(
      rows,
      (row) => row.rank,
      riderOf,
      this.categories,
      this.raceYear,
    );
    return rows.map((row, k) => {
      const rider = riderOf(row);
      return {
        ...row,
        gender: rider?.gender ?? null,
        genderRank: places[k]!.genderRank,
        category: rider?.category ?? null,
        categoryRank: places[k]!.categoryRank,
        ageGroup: places[k]!.ageGroup,
        ageGroupRank: places[k]!.ageGroupRank,
      };
    });
  }
}

/** Whether a placed row is in every ranking the filter names. */
export function inRankings(
  row: { gender: string | null; category: string | null; ageGroup: string | null },
  filter: RankingFilterQuery,
): boolean {
  if (filter.gender && row.gender !== filter.gender) return false;
  if (filter.category && row.category !== filter.category) return false;
  if (filter.ageGroup && !scoring.formats.inAgeGroup(row.ageGroup, filter.ageGroup)) return false;
  return true;
}

export const narrows = (filter: RankingFilterQuery) =>
  Boolean(filter.gender || filter.category || filter.ageGroup);

/** Loads what a race's rankings need: its riders and its categories with their age bounds. */
export class RaceRankingsLoader {
  private readonly results: ResultsRepository;
  private readonly registrations: RegistrationsRepository;

  constructor(db: Db) {
    this.results = new ResultsRepository(db);
    this.registrations = new RegistrationsRepository(db);
  }

  async of(raceId: string, raceYear: number): Promise<RaceRankings> {
    const riders = await this.results.rankingFactsOfRace(raceId);
    const categories = await this.registrations.listCategories(raceId);
    return new RaceRankings(
      new Map(riders.map((r) => [r.id, { gender: r.gender, category: r.category, birthYear: r.birthYear }])),
      categories.map((c) => ({ code: c.code, gender: c.gender, minAge: c.minAge, maxAge: c.maxAge })),
      raceYear,
    );
  }
}

// The rankings a mass-participation event publishes besides the overall one (rules §5): by gender, by
// category and by age group, each with its own places. Age groups are the race's own categories with age
// bounds (e.g. "F40-44": women aged 40 to 44), so an organiser's divisions are ranked as they publish
// them; the rules' default bands apply only to a race that defines no age category.
import { type AgeBand, ageGroup, DEFAULT_AGE_BANDS, raceAge } from './age-groups.ts';

/** A category of the race as the organiser defined it. */
export interface RaceCategory {
  code: string;
  /** null: open to every gender. */
  gender: string | null;
  /** Inclusive bounds of race age (race year − birth year); both null for a category that is no age group. */
  minAge: number | null;
  maxAge: number | null;
}

/** A rider as the rankings need them. */
export interface RankedRider {
  gender: string | null;
  category: string | null;
  birthYear: number | null;
}

/** The places a rider holds in each ranking; null when not placed (or in no such group). */
export interface RankingPlaces {
  genderRank: number | null;
  categoryRank: number | null;
  ageGroup: string | null;
  ageGroupRank: number | null;
}

const isAgeCategory = (c: RaceCategory) => c.minAge !== null || c.maxAge !== null;

const fits = (c: RaceCategory, age: number) =>
  (c.minAge === null || age >= c.minAge) && (c.maxAge === null || age <= c.maxAge);

/** The age categories of a race, narrowest span first (then by code), so the most specific one matches. */
export function ageCategories(categories: readonly RaceCategory[]): RaceCategory[] {
  const span = (c: RaceCategory) => (c.maxAge ?? 200) - (c.minAge ?? 0);
  return categories
    .filter(isAgeCategory)
    .sort((a, b) => span(a) - span(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * A rider's age group. With the race's age categories: the rider's own category when it is one (the
 * organiser placed them), else the narrowest category of their gender (or open to all) their race age
 * falls in; none when nothing fits. Without any: the default band, prefixed by the gender when known
 * ("F 35-39"), since men and women are ranked apart.
 */
export function ageGroupOf(
  rider: RankedRider,
  categories: readonly RaceCategory[],
  raceYear: number,
  bands: readonly AgeBand[] = DEFAULT_AGE_BANDS,
): string | null {
  const ages = ageCategories(categories);
  const age = rider.birthYear === null ? null : raceAge(raceYear, rider.birthYear);
  if (ages.length === 0) {
    const band = age === null ? null : ageGroup(age, bands);
    if (band === null) return null;
    return rider.gender ? `${rider.gender} ${band}` : band;
  }
  if (rider.category !== null && ages.some((c) => c.code === rider.category)) return rider.category;
  if (age === null) return null;
  const match = ages.find((c) => (c.gender === null || c.gender === rider.gender) && fits(c, age));
  return match?.code ?? null;
}

/**
 * Whether an age-group label matches what a reader asked for: the label itself, or (default bands only)
 * its band alone, so "35-39" finds women and men of that band.
 */
export function inAgeGroup(label: string | null, asked: string): boolean {
  if (label === null) return false;
  return label === asked || label.split(' ').at(-1) === asked;
}

/**
 * Places within groups from an overall ranking: a row's place in its group is one more than the number of
 * the group's rows ranked strictly ahead of it, so shared overall ranks stay shared and the group's order
 * is the overall order. Rows without a rank, or in no group, get null.
 */
export function placesWithin<T>(
  rows: readonly T[],
  rankOf: (row: T) => number | null,
  groupOf: (row: T) => string | null,
): (number | null)[] {
  const ranksByGroup = new Map<string, number[]>();
  for (const row of rows) {
    const rank = rankOf(row);
    const group = groupOf(row);
    if (rank === null || group === null) continue;
    const ranks = ranksByGroup.get(group);
    if (ranks) ranks.push(rank);
    else ranksByGroup.set(group, [rank]);
  }
  for (const ranks of ranksByGroup.values()) ranks.sort((a, b) => a - b);
  return rows.map((row) => {
    const rank = rankOf(row);
    const group = groupOf(row);
    if (rank === null || group === null) return null;
    return 1 + countBelow(ranksByGroup.get(group)!, rank);
  });
}

/** How many of the ascending `sorted` are strictly below `value` (a binary search: groups run to thousands). */
function countBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Every rider's places by gender, by category and by age group, from the overall ranks. */
export function rankingPlaces<T>(
  rows: readonly T[],
  rankOf: (row: T) => number | null,
  riderOf: (row: T) => RankedRider | null,
  categories: readonly RaceCategory[],
  raceYear: number,
): RankingPlaces[] {
  const riders = rows.map(riderOf);
  const groups = riders.map((r) => (r ? ageGroupOf(r, categories, raceYear) : null));
  const byIndex = <K>(pick: (k: number) => K) => rows.map((_, k) => pick(k));
  const indices = byIndex((k) => k);
  const rank = (k: number) => rankOf(rows[k]!);
  const gender = placesWithin(indices, rank, (k) => riders[k]?.gender ?? null);
  const category = placesWithin(indices, rank, (k) => riders[k]?.category ?? null);
  const age = placesWithin(indices, rank, (k) => groups[k] ?? null);
  return indices.map((k) => ({
    genderRank: gender[k]!,
    categoryRank: category[k]!,
    ageGroup: groups[k]!,
    ageGroupRank: age[k]!,
  }));
}

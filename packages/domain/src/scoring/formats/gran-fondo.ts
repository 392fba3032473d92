// Gran fondo (rules §5): two published times — gun (finish − the wave's start) and chip (finish − the
// rider's own crossing of the start line) — with neutralised zones taken out of both; the ranking basis is a
// setting. Results are ranked overall, per gender, per gender and age group, per category and per wave: each
// set is ranked on its own. Instants are seconds on one race clock.
import { type AgeBand, ageGroup, DEFAULT_AGE_BANDS, raceAge } from './age-groups.ts';
import { compareIds, competitionRanking } from './types.ts';

export type TimingBasis = 'gun' | 'chip';

export interface FondoConfig {
  /** Which time ranks. Default 'gun' (the time every rider is measured against from the same signal). */
  basis?: TimingBasis;
  /** Needed when riders give a birth year rather than an age. */
  raceYear?: number;
  ageBands?: readonly AgeBand[];
}

export interface FondoRider {
  riderId: string;
  gender: string;
  /** Age on race day as published; else derived from `birthYear` and the race year. */
  age?: number | null;
  birthYear?: number | null;
  category?: string | null;
  wave?: string | null;
  /** The wave's start signal. */
  waveStart: number;
  /** The rider's own start-line crossing; null when not read (then chip = gun). */
  startCrossing?: number | null;
  finish: number | null;
  /** Time spent in neutralised zones, each [enter, exit]. */
  neutralised?: readonly (readonly [number, number])[];
}

export interface FondoTimes {
  riderId: string;
  gun: number | null;
  chip: number | null;
}

export interface FondoLine extends FondoTimes {
  place: number | null;
  /** The time the ranking used. */
  time: number | null;
}

export interface FondoResults {
  overall: FondoLine[];
  byGender: Map<string, FondoLine[]>;
  /** Keyed "gender age-group", e.g. "F 35-39". */
  byAgeGroup: Map<string, FondoLine[]>;
  byCategory: Map<string, FondoLine[]>;
  byWave: Map<string, FondoLine[]>;
}

/** Seconds spent inside neutralised zones (summed exit − enter). */
export function neutralisedSeconds(zones: readonly (readonly [number, number])[]): number {
  return zones.reduce((sum, [enter, exit]) => sum + Math.max(0, exit - enter), 0);
}

/**
 * Gun and chip time of one rider. Scenario 25: gun 07:00:00, start crossing 07:00:05, finish 11:00:00 → gun
 * 4:00:00, chip 3:59:55.
 */
export function fondoTimes(rider: FondoRider): FondoTimes {
  if (rider.finish === null) return { riderId: rider.riderId, gun: null, chip: null };
  const neutral = neutralisedSeconds(rider.neutralised ?? []);
  const gun = rider.finish - rider.waveStart - neutral;
  const chip = rider.finish - (rider.startCrossing ?? rider.waveStart) - neutral;
  return { riderId: rider.riderId, gun, chip };
}

/**
 * One ranked set: by the basis time, ties broken by the other time; equal basis times share a place, listed
 * in the order given (the timing system's), never by an internal id. Riders without a time are listed last,
 * unplaced, in the order given.
 */
export function rankFondo(times: readonly FondoTimes[], basis: TimingBasis = 'gun'): FondoLine[] {
  const other: TimingBasis = basis === 'gun' ? 'chip' : 'gun';
  const lines = times.map((t) => ({ ...t, time: t[basis] }));
  const inf = Number.POSITIVE_INFINITY;
  const timed = lines
    .filter((l) => l.time !== null)
    .sort((a, b) => a.time! - b.time! || (a[other] ?? inf) - (b[other] ?? inf));
  const untimed = lines.filter((l) => l.time === null);
  const ranked = competitionRanking(timed, (a, b) => a.time === b.time).map(({ place, entry }) => ({
    ...entry,
    place,
  }));
  return [...ranked, ...untimed.map((l) => ({ ...l, place: null }))];
}

function groupBy(
  riders: readonly FondoRider[],
  key: (r: FondoRider) => string | null,
): Map<string, FondoRider[]> {
  const groups = new Map<string, FondoRider[]>();
  for (const r of riders) {
    const k = key(r);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return new Map([...groups].sort(([a], [b]) => compareIds(a, b)));
}

/** A rider's age-group label (null when age and birth year are unknown). */
export function riderAgeGroup(rider: FondoRider, config: FondoConfig = {}): string | null {
  const age =
    rider.age ??
    (rider.birthYear != null && config.raceYear !== undefined
      ? raceAge(config.raceYear, rider.birthYear)
      : null);
  return age === null ? null : ageGroup(age, config.ageBands ?? DEFAULT_AGE_BANDS);
}

/** Every published ranking of one event. A rider without a known age is in no age group, but in the rest. */
export function fondoResults(riders: readonly FondoRider[], config: FondoConfig = {}): FondoResults {
  const basis = config.basis ?? 'gun';
  const rank = (set: readonly FondoRider[]) => rankFondo(set.map(fondoTimes), basis);
  const rankAll = (groups: Map<string, FondoRider[]>) =>
    new Map([...groups].map(([k, set]) => [k, rank(set)]));
  return {
    overall: rank(riders),
    byGender: rankAll(groupBy(riders, (r) => r.gender)),
    byAgeGroup: rankAll(
      groupBy(riders, (r) => {
        const group = riderAgeGroup(r, config);
        return group === null ? null : `${r.gender} ${group}`;
      }),
    ),
    byCategory: rankAll(groupBy(riders, (r) => r.category ?? null)),
    byWave: rankAll(groupBy(riders, (r) => r.wave ?? null)),
  };
}

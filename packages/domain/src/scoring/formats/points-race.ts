// Points race (rules §4): a sprint every N laps scores 5-3-2-1, the final sprint double; gaining a lap on the
// bunch is worth +20, losing one −20. Ranked by points, then by placing in the final sprint.
import { competitionRanking } from './types.ts';

export interface PointsRaceConfig {
  /** Points for sprint places 1, 2, 3 … Default 5-3-2-1. */
  sprintPoints?: readonly number[];
  /** Multiplier for the final sprint. Default 2. */
  finalMultiplier?: number;
  /** Points for gaining a lap. Default 20. */
  lapGain?: number;
  /** Points taken for losing a lap. Default 20. */
  lapLoss?: number;
}

export const DEFAULT_POINTS_RACE: Readonly<Required<PointsRaceConfig>> = Object.freeze({
  sprintPoints: [5, 3, 2, 1],
  finalMultiplier: 2,
  lapGain: 20,
  lapLoss: 20,
});

export interface PointsRaceInput {
  /** Intermediate sprints in race order, each the crossing order (first = winner). */
  sprints: readonly (readonly string[])[];
  /** The final sprint: the full finishing order, since it also breaks ties. */
  final: readonly string[];
  /** Laps gained (+1 each) and lost (−1 each) per rider. */
  laps?: readonly { riderId: string; change: number }[];
  /** Points added or docked by decision (penalties are negative). */
  adjustments?: readonly { riderId: string; points: number }[];
  /** Riders in the race, so riders without points are listed too. */
  riders?: readonly string[];
}

export interface PointsRaceLine {
  riderId: string;
  place: number;
  points: number;
  /** 1-based place in the final sprint; null when not in it. */
  finalPlace: number | null;
}

/** The laps on which sprints are held: every `every` laps counted down from the finish, the finish included. */
export function sprintLaps(totalLaps: number, every: number): number[] {
  const laps: number[] = [];
  for (let lap = every; lap <= totalLaps; lap += every) laps.push(lap);
  if (laps.at(-1) !== totalLaps) laps.push(totalLaps);
  return laps;
}

/**
 * Points and ranking. Scenario 22: sprints B,C,D,A and C,B,A,D, final (×2) B,C,D,A, A gains a lap →
 * A 25, B 18, C 14, D 7; a rider level on points is behind whoever placed better in the final sprint.
 */
export function pointsRaceResult(input: PointsRaceInput, config: PointsRaceConfig = {}): PointsRaceLine[] {
  const c = { ...DEFAULT_POINTS_RACE, ...config };
  const points = new Map<string, number>();
  const add = (riderId: string, value: number): void => {
    points.set(riderId, (points.get(riderId) ?? 0) + value);
  };
  for (const riderId of input.riders ?? []) add(riderId, 0);
  for (const riderId of input.final) add(riderId, 0);
  for (const sprint of input.sprints) {
    sprint.forEach((riderId, i) => {
      add(riderId, c.sprintPoints[i] ?? 0);
    });
  }
  input.final.forEach((riderId, i) => {
    add(riderId, (c.sprintPoints[i] ?? 0) * c.finalMultiplier);
  });
  for (const { riderId, change } of input.laps ?? [])
    add(riderId, change > 0 ? change * c.lapGain : change * c.lapLoss);
  for (const { riderId, points: value } of input.adjustments ?? []) add(riderId, value);

  const finalPlace = new Map(input.final.map((riderId, i) => [riderId, i + 1]));
  const lines = [...points].map(([riderId, total]) => ({
    riderId,
    points: total,
    finalPlace: finalPlace.get(riderId) ?? null,
  }));
  const fp = (l: { finalPlace: number | null }) => l.finalPlace ?? Number.POSITIVE_INFINITY;
  // Level on points and final sprint: they share the place, listed in the order given, never by id.
  lines.sort((a, b) => b.points - a.points || fp(a) - fp(b));
  return competitionRanking(lines, (a, b) => a.points === b.points && fp(a) === fp(b)).map(
    ({ place, entry }) => ({ ...entry, place: place ?? 0 }),
  );
}

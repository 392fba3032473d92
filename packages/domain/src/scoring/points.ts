import { competitionRanks, scaleValue } from './ranking.ts';
import type { RankedBib } from './types.ts';

/** TdF flat-stage finish points (reference §2). */
export const TDF_FLAT_POINTS: readonly number[] = [50, 30, 20, 18, 16, 14, 12, 10, 8, 7, 6, 5, 4, 3, 2];
/** TdF hilly-stage finish points (as published by the Tour; check each edition's rules). */
export const TDF_HILLY_POINTS: readonly number[] = [30, 25, 22, 19, 17, 15, 13, 11, 9, 7, 6, 5, 4, 3, 2];
/** TdF mountain-stage and time-trial finish points (as published by the Tour; check each edition). */
export const TDF_MOUNTAIN_STAGE_POINTS: readonly number[] = [
  20, 17, 15, 13, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
];
/** TdF intermediate-sprint points (reference §2). */
export const TDF_SPRINT_POINTS: readonly number[] = [20, 17, 15, 13, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1];

/** One stage's contribution to the points classification. */
export interface PointsStage {
  readonly finish: readonly RankedBib[];
  /** The scale for this stage's type, e.g. TDF_FLAT_POINTS. */
  readonly finishScale: readonly number[];
  readonly sprints?: ReadonlyArray<readonly RankedBib[]>;
  readonly sprintScale?: readonly number[];
  /** Points docked by the jury, by bib. */
  readonly penalties?: ReadonlyMap<number, number>;
  /** Riders reinstated after the time limit: they lose this stage's points (reference §2). */
  readonly forfeit?: readonly number[];
}

export interface PointsRow {
  readonly bib: number;
  readonly rank: number;
  readonly points: number;
  readonly stageWins: number;
  readonly sprintWins: number;
}

/**
 * The points classification (scenarios 11, 12). Ties: more stage wins, then more intermediate-sprint wins,
 * then better GC. `gcRanks` also decides who is still in the race: a rider absent from it is not listed.
 */
export function pointsClassification(
  stages: readonly PointsStage[],
  gcRanks: ReadonlyMap<number, number>,
): PointsRow[] {
  const acc = new Map<number, { points: number; stageWins: number; sprintWins: number }>();
  const get = (bib: number) => {
    const found = acc.get(bib);
    if (found) return found;
    const fresh = { points: 0, stageWins: 0, sprintWins: 0 };
    acc.set(bib, fresh);
    return fresh;
  };
  for (const stage of stages) {
    const forfeit = new Set(stage.forfeit ?? []);
    for (const { bib, rank } of stage.finish) {
      const a = get(bib);
      if (!forfeit.has(bib)) a.points += scaleValue(stage.finishScale, rank);
      if (rank === 1) a.stageWins += 1;
    }
    for (const sprint of stage.sprints ?? []) {
      for (const { bib, rank } of sprint) {
        const a = get(bib);
        if (!forfeit.has(bib)) a.points += scaleValue(stage.sprintScale ?? TDF_SPRINT_POINTS, rank);
        if (rank === 1) a.sprintWins += 1;
      }
    }
    for (const [bib, docked] of stage.penalties ?? []) get(bib).points -= docked;
  }
  const rows = [...acc.entries()]
    .filter(([bib, a]) => gcRanks.has(bib) && a.points > 0)
    .map(([bib, a]) => ({ bib, ...a, gc: gcRanks.get(bib)! }));
  const compare = (x: (typeof rows)[number], y: (typeof rows)[number]) =>
    y.points - x.points || y.stageWins - x.stageWins || y.sprintWins - x.sprintWins || x.gc - y.gc;
  rows.sort((x, y) => compare(x, y) || x.bib - y.bib);
  const ranks = competitionRanks(rows, (x, y) => compare(x, y) === 0);
  return rows.map(({ bib, points, stageWins, sprintWins }, i) => ({
    bib,
    rank: ranks[i]!,
    points,
    stageWins,
    sprintWins,
  }));
}

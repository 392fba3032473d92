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
  /**
   * Points given outright, by bib: what an official results file awarded, whose sprints are not known.
   * They count like any other points; stage wins still come from `finish`.
   */
  readonly awarded?: ReadonlyMap<number, number>;
}

/** What one stage gives a rider towards the points classification. */
export interface StagePoints {
  readonly points: number;
  readonly stageWins: number;
  readonly sprintWins: number;
}

export interface PointsRow extends StagePoints {
  readonly bib: number;
  readonly rank: number;
}

/**
 * One stage's points by bib: the finish and each sprint on their scales (dead heats each get the higher
 * place's points), points given outright, less points docked; forfeited riders score nothing but keep
 * their wins. The stage result and the classification both count points with this, so they agree.
 */
export function stagePoints(stage: PointsStage): Map<number, StagePoints> {
  const acc = new Map<number, { points: number; stageWins: number; sprintWins: number }>();
  const get = (bib: number) => {
    const found = acc.get(bib);
    if (found) return found;
    const fresh = { points: 0, stageWins: 0, sprintWins: 0 };
    acc.set(bib, fresh);
    return fresh;
  };
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
  for (const [bib, points] of stage.awarded ?? []) if (!forfeit.has(bib)) get(bib).points += points;
  for (const [bib, docked] of stage.penalties ?? []) get(bib).points -= docked;
  return acc;
}

/**
 * The points classification (scenarios 11, 12). Ties: more stage wins, then more intermediate-sprint wins,
 * then better GC; riders level on all of these share the rank. `gcRanks` also decides who is still in the
 * race: a rider absent from it is not listed.
 */
export function pointsClassification(
  stages: readonly PointsStage[],
  gcRanks: ReadonlyMap<number, number>,
): PointsRow[] {
  const acc = new Map<number, { points: number; stageWins: number; sprintWins: number }>();
  for (const stage of stages) {
    for (const [bib, s] of stagePoints(stage)) {
      const a = acc.get(bib) ?? { points: 0, stageWins: 0, sprintWins: 0 };
      acc.set(bib, {
        points: a.points + s.points,
        stageWins: a.stageWins + s.stageWins,
        sprintWins: a.sprintWins + s.sprintWins,
      });
    }
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

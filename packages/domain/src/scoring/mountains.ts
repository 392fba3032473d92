import type { ClimbCategory } from '../course/types.ts';
import { CLIMB_CATEGORIES } from '../race/formats.ts';
import { competitionRanks, scaleValue } from './ranking.ts';
import type { RankedBib } from './types.ts';

// Categories come from the course model (hardest first); that order is also the tie-break order here.

/** TdF mountain points by category (reference §2). Configuration: pass the race's own table. */
export const TDF_MOUNTAIN_POINTS: Readonly<Record<ClimbCategory, readonly number[]>> = {
  HC: [20, 15, 12, 10, 8, 6, 4, 2],
  '1': [10, 8, 6, 4, 2, 1],
  '2': [5, 3, 2, 1],
  '3': [2, 1],
  '4': [1],
};

export interface Climb {
  readonly category: ClimbCategory;
  readonly ranking: readonly RankedBib[];
  /** Points multiplier, e.g. 2 on a designated final climb. Default 1. */
  readonly multiplier?: number;
  /** This climb's own scale when the race sets one for its category; the table's otherwise. */
  readonly scale?: readonly number[];
}

export interface MountainsRow {
  readonly bib: number;
  readonly rank: number;
  readonly points: number;
  /** Climb wins per category, HC first, as used for tie-breaks. */
  readonly wins: Readonly<Record<ClimbCategory, number>>;
}

type Wins = Record<ClimbCategory, number>;

/**
 * Mountain points and climb wins by bib over some climbs, each climb on its category's scale times its
 * multiplier (dead heats each get the higher place's points). A stage's result and the classification
 * both count with this, so they agree.
 */
export function climbPoints(
  climbs: readonly Climb[],
  table: Readonly<Record<ClimbCategory, readonly number[]>> = TDF_MOUNTAIN_POINTS,
): Map<number, { points: number; wins: Wins }> {
  const acc = new Map<number, { points: number; wins: Wins }>();
  for (const climb of climbs) {
    for (const { bib, rank } of climb.ranking) {
      const a = acc.get(bib) ?? { points: 0, wins: { HC: 0, '1': 0, '2': 0, '3': 0, '4': 0 } };
      acc.set(bib, a);
      a.points += scaleValue(climb.scale ?? table[climb.category], rank) * (climb.multiplier ?? 1);
      if (rank === 1) a.wins[climb.category] += 1;
    }
  }
  return acc;
}

/**
 * The mountains classification (scenarios 13, 14). Ties: more HC wins, then Cat 1 wins, and so on down to
 * Cat 4, then better GC; riders level on all of these share the rank. Riders absent from `gcRanks` have
 * left the race and are not listed. `awarded` adds points given outright by bib (an official results
 * file's, whose climbs are not known): they count, but win no climb.
 */
export function mountainsClassification(
  climbs: readonly Climb[],
  gcRanks: ReadonlyMap<number, number>,
  table: Readonly<Record<ClimbCategory, readonly number[]>> = TDF_MOUNTAIN_POINTS,
  awarded: ReadonlyMap<number, number> = new Map(),
): MountainsRow[] {
  const acc = climbPoints(climbs, table);
  for (const [bib, points] of awarded) {
    const a = acc.get(bib) ?? { points: 0, wins: { HC: 0, '1': 0, '2': 0, '3': 0, '4': 0 } };
    acc.set(bib, { ...a, points: a.points + points });
  }
  const rows = [...acc.entries()]
    .filter(([bib, a]) => gcRanks.has(bib) && a.points > 0)
    .map(([bib, a]) => ({ bib, ...a, gc: gcRanks.get(bib)! }));
  const compare = (x: (typeof rows)[number], y: (typeof rows)[number]) => {
    if (x.points !== y.points) return y.points - x.points;
    for (const c of CLIMB_CATEGORIES) if (x.wins[c] !== y.wins[c]) return y.wins[c] - x.wins[c];
    return x.gc - y.gc;
  };
  rows.sort((x, y) => compare(x, y) || x.bib - y.bib);
  const ranks = competitionRanks(rows, (x, y) => compare(x, y) === 0);
  return rows.map(({ bib, points, wins }, i) => ({ bib, rank: ranks[i]!, points, wins }));
}

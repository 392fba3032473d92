import type { Seconds } from '../units.ts';
import { seconds } from '../units.ts';
import { competitionRanks } from './ranking.ts';
import type { StageRow } from './types.ts';
import { byBib } from './types.ts';

/** Riders whose times count for a team on a stage. 3 by default (reference §2, [unconfirmed]). */
export const DEFAULT_TEAM_COUNTING_RIDERS = 3;

export interface TeamStageRow {
  readonly team: string;
  readonly rank: number;
  /** Σ of the counting riders' stage times; bonuses and penalties are ignored by rule. */
  readonly time: Seconds;
  readonly placeSum: number;
  readonly bestPlace: number;
}

/**
 * The team result of one stage (scenario 15): the sum of each team's best N times. A team with fewer than
 * N classified finishers is not ranked. Ties: sum of the counting riders' places, then the best place.
 */
export function teamStage(
  rows: readonly StageRow[],
  counting = DEFAULT_TEAM_COUNTING_RIDERS,
): TeamStageRow[] {
  const byTeam = new Map<string, StageRow[]>();
  for (const r of rows) {
    if (r.status !== 'finisher' || r.time === null || r.place === null) continue;
    byTeam.set(r.team, [...(byTeam.get(r.team) ?? []), r]);
  }
  const teams = [...byTeam.entries()]
    .filter(([, riders]) => riders.length >= counting)
    .map(([team, riders]) => {
      const best = [...riders]
        .sort((a, b) => a.time! - b.time! || a.place! - b.place! || byBib(a, b))
        .slice(0, counting);
      return {
        team,
        // Summed in whole milliseconds: time-trial times keep them and float sums would drift.
        time: best.reduce((s, r) => s + Math.round(r.time! * 1000), 0) / 1000,
        placeSum: best.reduce((s, r) => s + r.place!, 0),
        bestPlace: Math.min(...best.map((r) => r.place!)),
      };
    });
  const compare = (a: (typeof teams)[number], b: (typeof teams)[number]) =>
    a.time - b.time || a.placeSum - b.placeSum || a.bestPlace - b.bestPlace;
  teams.sort((a, b) => compare(a, b) || a.team.localeCompare(b.team));
  const ranks = competitionRanks(teams, (a, b) => compare(a, b) === 0);
  return teams.map((t, i) => ({ ...t, rank: ranks[i]!, time: seconds(t.time) }));
}

export interface TeamGcRow {
  readonly team: string;
  readonly rank: number;
  readonly time: Seconds;
  /** Count of stage places: index 0 = stage wins, 1 = second places, … */
  readonly stagePlaces: readonly number[];
  readonly bestGcRank: number;
}

/**
 * The overall team classification (scenario 16): Σ of the team's stage times, only for teams ranked on
 * every stage. Ties: most stage wins, then most second places, …, then the best-placed rider in the GC.
 */
export function teamClassification(
  stages: ReadonlyArray<readonly TeamStageRow[]>,
  gc: ReadonlyArray<{ readonly team: string; readonly rank: number }>,
): TeamGcRow[] {
  const acc = new Map<string, { time: number; places: number[]; stages: number }>();
  for (const stage of stages) {
    for (const t of stage) {
      const a = acc.get(t.team) ?? { time: 0, places: [], stages: 0 };
      a.time += t.time;
      a.places[t.rank - 1] = (a.places[t.rank - 1] ?? 0) + 1;
      a.stages += 1;
      acc.set(t.team, a);
    }
  }
  // A team with no rider left in the GC sorts after every team that has one (the GC is at most gc.length long).
  const bestGc = (team: string) =>
    Math.min(gc.length + 1, ...gc.filter((r) => r.team === team).map((r) => r.rank));
  const rows = [...acc.entries()]
    .filter(([, a]) => a.stages === stages.length)
    .map(([team, a]) => ({
      team,
      time: a.time,
      stagePlaces: Array.from(a.places, (n) => n ?? 0),
      bestGcRank: bestGc(team),
    }));
  const compare = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
    if (a.time !== b.time) return a.time - b.time;
    const n = Math.max(a.stagePlaces.length, b.stagePlaces.length);
    for (let i = 0; i < n; i++) {
      const d = (b.stagePlaces[i] ?? 0) - (a.stagePlaces[i] ?? 0);
      if (d !== 0) return d;
    }
    return a.bestGcRank - b.bestGcRank;
  };
  rows.sort((a, b) => compare(a, b) || a.team.localeCompare(b.team));
  const ranks = competitionRanks(rows, (a, b) => compare(a, b) === 0);
  return rows.map((r, i) => ({ ...r, rank: ranks[i]!, time: seconds(r.time) }));
}

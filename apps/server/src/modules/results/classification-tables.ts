import { scoring, seconds } from '@echelon/domain';
import type { RegistrationRow, StageRow } from './results.repository.ts';
import { type Joined, stageKind } from './stage-rows.ts';

/**
 * Classifications over any run of a race's scored stages (those up to stage N for "after stage N"),
 * from the one load `ResultsService.standings` makes: a stage scored from the recording replays every
 * fix, so the rows after N are taken from that load rather than loading the race again.
 */
export interface ScoredStage {
  stage: StageRow;
  joined: Joined[];
  rows: scoring.StageRow[];
}

/** One line of a classification, as the API's `ResultRow`. */
export type ClassificationRow = {
  rank: number;
  bib: number | null;
  registrationId: string | null;
  rider: string | null;
  team: string | null;
  time: number | null;
  gap: number | null;
  status: string | null;
  points?: number;
};

export type RiderRow = ClassificationRow & { bib: number; registrationId: string; rider: string };

const fullName = (r: RegistrationRow) => `${r.firstName} ${r.lastName}`;

/**
 * The general classification after these stages: stage kinds, bonuses, penalties and GC times taken
 * before the finish, through the domain's GC rules.
 */
export function generalClassificationOf(scored: readonly ScoredStage[]): RiderRow[] {
  if (scored.length === 0) return [];
  const riders = new Map(scored.flatMap((s) => s.joined.map((j) => [j.rider.bib, j.rider] as const)));
  const gcStages: scoring.GcStage[] = scored.map(({ stage, joined, rows }) => ({
    kind: stageKind(stage),
    rows,
    bonuses: new Map(joined.map((j) => [j.rider.bib, seconds(j.result.bonus)])),
    penalties: new Map(joined.map((j) => [j.rider.bib, seconds(j.result.penalty)])),
    gcTimes: new Map(
      joined.flatMap((j) => {
        const time = j.gcTime ?? j.gcTimeAtPoint ?? null;
        return time === null ? [] : [[j.rider.bib, seconds(time)] as const];
      }),
    ),
  }));
  return scoring.generalClassification(gcStages).map((row) => {
    const rider = riders.get(row.bib)!;
    return {
      rank: row.rank,
      bib: row.bib,
      registrationId: rider.id,
      rider: fullName(rider),
      team: rider.team,
      time: row.time,
      gap: row.gap,
      status: null,
    };
  });
}

/**
 * Points or mountains after these stages: the stage awards summed for riders still in that GC, ranked
 * by total, then by stage wins (points only), then by GC.
 */
export function awardsClassificationOf(
  scored: readonly ScoredStage[],
  gc: ReadonlyArray<{ bib: number | null; rank: number }>,
  kind: 'points' | 'mountains',
): RiderRow[] {
  const gcRank = new Map(gc.map((r) => [r.bib, r.rank]));
  const totals = new Map<number, { points: number; wins: number; rider: RegistrationRow }>();
  for (const { joined, rows } of scored) {
    for (const j of joined) {
      if (!gcRank.has(j.rider.bib)) continue;
      const entry = totals.get(j.rider.bib) ?? { points: 0, wins: 0, rider: j.rider };
      entry.points += kind === 'points' ? j.result.points : j.result.mountainPoints;
      totals.set(j.rider.bib, entry);
    }
    const winner = rows.find((r) => r.rank === 1);
    const entry = winner ? totals.get(winner.bib) : undefined;
    if (entry) entry.wins += 1;
  }
  const ranked = [...totals.entries()]
    .filter(([, e]) => e.points > 0)
    .sort(
      ([a, x], [b, y]) =>
        y.points - x.points || (kind === 'points' ? y.wins - x.wins : 0) || gcRank.get(a)! - gcRank.get(b)!,
    );
  return ranked.map(([bib, e], k) => ({
    rank: k + 1,
    bib,
    registrationId: e.rider.id,
    rider: fullName(e.rider),
    team: e.rider.team,
    time: null,
    gap: null,
    points: e.points,
    status: null,
  }));
}

/** Teams after these stages: each stage's best three times summed, ties broken by stage wins and GC. */
export function teamClassificationOf(
  scored: readonly ScoredStage[],
  gc: ReadonlyArray<{ team: string | null; rank: number }>,
): ClassificationRow[] {
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

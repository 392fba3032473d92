import { scoring, seconds } from '@echelon/domain';
import type { RegistrationRow, StageRow } from './results.repository.ts';
import { awardSheet, pointsStage } from './stage-awards.ts';
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
 * Points or mountains after these stages, by the domain's rules (rules §2): each stage's awards as the
 * decisions left them, summed for riders still in that GC; ties broken by stage wins, then sprint wins
 * (points) or climb wins from HC down (mountains), then GC, riders level on all of them sharing the rank.
 */
export function awardsClassificationOf(
  scored: readonly ScoredStage[],
  gc: ReadonlyArray<{ bib: number | null; rank: number }>,
  kind: 'points' | 'mountains',
): RiderRow[] {
  const gcRanks = new Map(gc.flatMap((r) => (r.bib === null ? [] : [[r.bib, r.rank] as const])));
  const riders = new Map(scored.flatMap((s) => s.joined.map((j) => [j.rider.bib, j.rider] as const)));
  const sheets = scored.map(({ stage, joined, rows }) => awardSheet(joined, rows, stage));
  const table =
    kind === 'points'
      ? scoring.pointsClassification(sheets.map(pointsStage), gcRanks)
      : scoring.mountainsClassification(
          sheets.flatMap((s) => s.climbs),
          gcRanks,
          scoring.TDF_MOUNTAIN_POINTS,
          given(sheets.map((s) => s.given?.mountains)),
        );
  return table.map((row) => {
    const rider = riders.get(row.bib)!;
    return {
      rank: row.rank,
      bib: row.bib,
      registrationId: rider.id,
      rider: fullName(rider),
      team: rider.team,
      time: null,
      gap: null,
      points: row.points,
      status: null,
    };
  });
}

/** Points given outright on several stages, summed by bib. */
function given(maps: ReadonlyArray<ReadonlyMap<number, number> | undefined>): Map<number, number> {
  const out = new Map<number, number>();
  for (const map of maps) for (const [bib, points] of map ?? []) out.set(bib, (out.get(bib) ?? 0) + points);
  return out;
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

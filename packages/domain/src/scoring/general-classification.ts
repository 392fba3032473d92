import type { Seconds } from '../units.ts';
import { seconds } from '../units.ts';
import { competitionRanks } from './ranking.ts';
import type { RiderRef, StageKind, StageRow } from './types.ts';
import { byBib } from './types.ts';

/** One stage as the GC sees it. */
export interface GcStage {
  readonly kind: StageKind;
  readonly rows: readonly StageRow[];
  /** Bonus seconds by bib (see bonuses.ts). */
  readonly bonuses?: ReadonlyMap<number, Seconds>;
  /** Penalty seconds by bib, from jury decisions. */
  readonly penalties?: ReadonlyMap<number, Seconds>;
  /**
   * Times taken at a designated point before the finish (e.g. one lap to go in the rain). The stage result
   * keeps real finish times; the GC uses these instead for the riders listed.
   */
  readonly gcTimes?: ReadonlyMap<number, Seconds>;
}

export interface GcRow extends RiderRef {
  readonly rank: number;
  /** Whole seconds: Σ stage times (time trials truncated) − bonuses + penalties. */
  readonly time: Seconds;
  /** Gap to the leader in whole seconds. */
  readonly gap: Seconds;
  /** Σ hundredths from individual time trials, in hundredths: tie-break 1. */
  readonly ittHundredths: number;
  /** Σ stage places, team time trials excluded: tie-break 2. */
  readonly placeSum: number;
  /** Place on the last stage: tie-break 3. */
  readonly lastStagePlace: number;
}

interface Acc {
  rider: RiderRef;
  time: number;
  ittHundredths: number;
  placeSum: number;
  lastStagePlace: number;
}

/**
 * The general classification after the given stages (reference §2, scenarios 7–9). Only riders classified
 * as finishers on every stage stay in: a rider who abandons, is disqualified or misses the time limit
 * leaves the GC from that stage on.
 */
export function generalClassification(stages: readonly GcStage[]): GcRow[] {
  let riders: Map<number, Acc> | null = null;
  for (const stage of stages) {
    const next = new Map<number, Acc>();
    for (const row of stage.rows) {
      if (row.status !== 'finisher' || row.time === null || row.place === null) continue;
      const prev = riders === null ? emptyAcc(row) : riders.get(row.bib);
      if (prev === undefined) continue;
      const raw = stage.gcTimes?.get(row.bib) ?? row.time;
      // Work in milliseconds as integers so that sums never pick up float noise. Times are truncated
      // (rules §0): 1210.459 counts 1210 s, and .45 towards the time-trial tie-break.
      const rawMs = Math.round(raw * 1000);
      const whole = Math.floor(rawMs / 1000);
      const hundredths = Math.floor((rawMs % 1000) / 10);
      const bonus = stage.bonuses?.get(row.bib) ?? 0;
      const penalty = stage.penalties?.get(row.bib) ?? 0;
      next.set(row.bib, {
        rider: prev.rider,
        time: prev.time + whole - bonus + penalty,
        ittHundredths: prev.ittHundredths + (stage.kind === 'itt' ? hundredths : 0),
        placeSum: prev.placeSum + (stage.kind === 'ttt' ? 0 : (row.rank ?? row.place)),
        lastStagePlace: row.rank ?? row.place,
      });
    }
    riders = next;
  }
  const sorted = [...(riders?.values() ?? [])].sort((a, b) => compareGc(a, b) || byBib(a.rider, b.rider));
  const ranks = competitionRanks(sorted, (a, b) => compareGc(a, b) === 0);
  const leader = sorted[0]?.time ?? 0;
  return sorted.map((a, i) => ({
    bib: a.rider.bib,
    riderId: a.rider.riderId,
    team: a.rider.team,
    rank: ranks[i]!,
    time: seconds(a.time),
    gap: seconds(a.time - leader),
    ittHundredths: a.ittHundredths,
    placeSum: a.placeSum,
    lastStagePlace: a.lastStagePlace,
  }));
}

function emptyAcc(rider: RiderRef): Acc {
  return {
    rider: { bib: rider.bib, riderId: rider.riderId, team: rider.team },
    time: 0,
    ittHundredths: 0,
    placeSum: 0,
    lastStagePlace: 0,
  };
}

/** Time, then (1) ITT hundredths, (2) placings sum, (3) last-stage place. */
function compareGc(a: Acc, b: Acc): number {
  return (
    a.time - b.time ||
    a.ittHundredths - b.ittHundredths ||
    a.placeSum - b.placeSum ||
    a.lastStagePlace - b.lastStagePlace
  );
}

/** Bib → GC rank, the shape the points and mountains tie-breaks (and their "still in the race" test) take. */
export function gcRankMap(gc: readonly GcRow[]): Map<number, number> {
  return new Map(gc.map((r) => [r.bib, r.rank] as const));
}

import type { Metres, Seconds } from '../units.ts';
import { metres, seconds } from '../units.ts';
import type { ResultStatus, RiderRef, StageKind } from './types.ts';

/** A duly noted crash, puncture or mechanical, as recorded by the commissaires. */
export interface FinalKmIncident {
  readonly bib: number;
  /** Distance from the incident to the finish line. */
  readonly distanceToGo: Metres;
  /** A rider of the group the victim was in: the victim gets that rider's (group) time. */
  readonly sameGroupAs: number;
}

export interface FinalKmOptions {
  /** Incidents at or inside this distance to go are covered. 3 km by default; races use 3–5 km. */
  readonly distance?: Metres;
  /** Whether this stage ends on a summit. */
  readonly summitFinish?: boolean;
  /** Whether the rule still applies on a summit finish; most races say no, so default false. */
  readonly applyOnSummitFinish?: boolean;
}

export const DEFAULT_FINAL_KM_DISTANCE = metres(3000);

/** A rider's line while a stage is being scored: time and place are still being decided. */
export interface TimedRow {
  readonly rider: RiderRef;
  readonly status: ResultStatus;
  /** Classified time so far (group time on road stages). */
  readonly time: Seconds | null;
  readonly actualTime: Seconds | null;
  /** Set when the final-kilometres rule classifies a rider who never crossed: placed after all crossers. */
  readonly placedLast?: boolean;
}

/** Whether the rule covers this incident on this stage. Time trials are excluded: there is no group to keep. */
export function finalKmApplies(
  kind: StageKind,
  incident: FinalKmIncident,
  options: FinalKmOptions = {},
): boolean {
  if (kind !== 'road') return false;
  if (options.summitFinish === true && options.applyOnSummitFinish !== true) return false;
  return incident.distanceToGo <= (options.distance ?? DEFAULT_FINAL_KM_DISTANCE);
}

/**
 * Applies the final-kilometres rule (reference §2, scenarios 4 and 5) to rows in crossing order. A covered
 * rider who finished gets the group's time and keeps the place they actually crossed in; one who could
 * not finish is classified last with the group's time.
 */
export function applyFinalKilometres(
  rows: readonly TimedRow[],
  kind: StageKind,
  incidents: readonly FinalKmIncident[],
  options: FinalKmOptions = {},
): TimedRow[] {
  const covered = new Map(
    incidents.filter((i) => finalKmApplies(kind, i, options)).map((i) => [i.bib, i] as const),
  );
  if (covered.size === 0) return [...rows];
  const byBib = new Map(rows.map((r) => [r.rider.bib, r] as const));
  return rows.map((row) => {
    const incident = covered.get(row.rider.bib);
    const groupTime = incident === undefined ? null : (byBib.get(incident.sameGroupAs)?.time ?? null);
    if (groupTime === null) return row;
    if (row.status === 'finisher' && row.time !== null) {
      // Never worse than the rider's own time: the rule protects, it does not penalise.
      return { ...row, time: seconds(Math.min(row.time, groupTime)) };
    }
    // Only an abandon caused by the incident is covered; a DSQ or DNS stays what it is.
    if (row.status === 'DNF') return { ...row, status: 'finisher', time: groupTime, placedLast: true };
    return row;
  });
}

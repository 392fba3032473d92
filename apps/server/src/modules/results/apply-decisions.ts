import type { DecisionRow } from './decisions.repository.ts';

/** A rider's stage result as stored (imported or scored), before any decision. */
export interface RawResult {
  registrationId: string;
  time: number | null;
  bonus: number;
  penalty: number;
  status: string | null;
  position: number;
}

export interface EffectiveResult extends RawResult {
  /** Place the jury moved the rider to among the finishers, if relegated. */
  relegatedTo: number | null;
  /** The stage time the GC counts, when the jury set one (times taken before the finish). */
  gcTime: number | null;
  /** Jury awards on the stage (combativity). */
  awards: string[];
  /** A noted incident in the final kilometres: the rider may get their group's time (rules §2). */
  incident: { distanceToGo: number; sameGroupAs: number } | null;
  /** Reinstated after finishing outside the time limit: no points on the stage (rules §2). */
  forfeitsPoints: boolean;
}

/**
 * Results are recomputed from the source and the decisions, in the order they were taken: penalties
 * add up, time corrections shift the stage time, the last status or reinstatement wins, the last
 * relegation wins; a GC time, an award or a final-kilometres incident is noted for the scoring after.
 * Revoked decisions and decisions on the whole stage (read where the stage is scored) count for nothing.
 */
export function applyDecisions(
  results: readonly RawResult[],
  decisions: readonly DecisionRow[],
): EffectiveResult[] {
  const byRider = new Map<string, EffectiveResult>(
    results.map((r) => [
      r.registrationId,
      { ...r, relegatedTo: null, gcTime: null, awards: [], incident: null, forfeitsPoints: false },
    ]),
  );
  for (const d of decisions) {
    if (d.revokedAt || d.registrationId === null) continue;
    const r = byRider.get(d.registrationId);
    if (!r) continue;
    switch (d.kind) {
      case 'penalty':
        r.penalty += d.seconds ?? 0;
        break;
      case 'time_correction':
        if (r.time !== null) r.time += d.seconds ?? 0;
        break;
      case 'status':
        r.status = d.status;
        break;
      case 'reinstate':
        if (r.status === 'OTL') r.forfeitsPoints = true;
        r.status = null;
        break;
      case 'relegation':
        r.relegatedTo = d.place;
        break;
      case 'gc_time':
        r.gcTime = d.seconds;
        break;
      case 'combativity':
        if (!r.awards.includes('combativity')) r.awards.push('combativity');
        break;
      case 'final_km_incident':
        r.incident = { distanceToGo: d.distance ?? 0, sameGroupAs: d.sameGroupAs ?? 0 };
        break;
    }
  }
  return [...byRider.values()];
}

/** Moves relegated finishers to their place, the others keeping their order around them. */
export function relegate<T extends { relegatedTo: number | null }>(finishers: readonly T[]): T[] {
  const moved = finishers
    .filter((f) => f.relegatedTo !== null)
    .sort((a, b) => a.relegatedTo! - b.relegatedTo!);
  const order = finishers.filter((f) => f.relegatedTo === null);
  for (const f of moved) order.splice(Math.min(f.relegatedTo! - 1, order.length), 0, f);
  return order;
}

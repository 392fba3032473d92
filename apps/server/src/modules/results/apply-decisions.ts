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
}

/**
 * Results are recomputed from the source and the decisions, in the order they were taken: penalties
 * add up, time corrections shift the stage time, the last status or reinstatement wins, the last
 * relegation wins. Revoked decisions count for nothing.
 */
export function applyDecisions(
  results: readonly RawResult[],
  decisions: readonly DecisionRow[],
): EffectiveResult[] {
  const byRider = new Map<string, EffectiveResult>(
    results.map((r) => [r.registrationId, { ...r, relegatedTo: null }]),
  );
  for (const d of decisions) {
    if (d.revokedAt) continue;
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
        r.status = null;
        break;
      case 'relegation':
        r.relegatedTo = d.place;
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

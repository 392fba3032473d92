// Which riders a commissaire's decisions have taken out of the race, for the live standings.
import type { EpochMs } from '../units.ts';

/** The decision kinds that can take a rider out of the race or put them back. */
export const RIDER_OUT_DECISION_KINDS = ['status', 'reinstate'] as const;

/** The statuses that take a rider out of the live race. DNS and OTL do not: the rider was never in it, or finished. */
const OUT_STATUSES: ReadonlySet<string> = new Set(['DNF', 'DSQ']);

/** A commissaire's decision as the live race sees it: plain data, whatever the kind. */
export interface RiderOutDecision {
  kind: string;
  /** Null for a decision on the whole stage, which never takes anyone out. */
  registrationId: string | null;
  status: string | null;
  /** When the decision was taken. */
  at: EpochMs;
  revoked: boolean;
}

/** What a decision does to a rider's place in the live race: takes them out, puts them back, or nothing. */
export function riderOutEffect(decision: { kind: string; status: string | null }): 'out' | 'back' | null {
  if (decision.kind === 'status' && decision.status !== null && OUT_STATUSES.has(decision.status)) {
    return 'out';
  }
  if (decision.kind === 'reinstate') return 'back';
  return null;
}

/**
 * The riders out of the race, each with the time of the decision that took them out, from a stage's
 * decisions in the order they were taken (the caller's order: decision times can tie at the
 * millisecond, and the store knows the finer order). A revoked decision counts for nothing, so
 * revoking a reinstatement leaves the rider out again if a DNF or DSQ still stands. A rider taken out
 * twice stays out since the first decision.
 */
export function ridersOut(decisions: readonly RiderOutDecision[]): Map<string, EpochMs> {
  const out = new Map<string, EpochMs>();
  for (const decision of decisions) {
    if (decision.revoked || decision.registrationId === null) continue;
    const effect = riderOutEffect(decision);
    if (effect === 'out' && !out.has(decision.registrationId)) out.set(decision.registrationId, decision.at);
    if (effect === 'back') out.delete(decision.registrationId);
  }
  return out;
}

// What every tracker protocol offers the dispatcher, and the tally of what the server made of the fixes.
import type { PlannedFix } from '../plan.ts';
import type { TimePlan } from '../time-plan.ts';

export interface SenderRider {
  bib: number;
  /** OsmAnd id / OwnTracks user. */
  deviceId: string | null;
  /** Native protocol: `Authorization: Bearer` token of this rider's device. */
  deviceToken: string | null;
}

export interface SendStats {
  requests: number;
  fixes: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Requests that failed outright (network error or HTTP error status). */
  failed: number;
  /** Rejection reasons and failures, with how often each happened. */
  reasons: Map<string, number>;
}

export interface Sender {
  /** Requests in flight at most, across riders. */
  concurrency: number;
  /** Sends one rider's due fixes, in the given order. */
  send(rider: SenderRider, fixes: readonly PlannedFix[], time: TimePlan): Promise<void>;
  stats: SendStats;
}

export function createStats(): SendStats {
  return { requests: 0, fixes: 0, accepted: 0, duplicates: 0, rejected: 0, failed: 0, reasons: new Map() };
}

export function countReason(stats: SendStats, reason: string, times = 1): void {
  stats.reasons.set(reason, (stats.reasons.get(reason) ?? 0) + times);
}

/** A request that failed: the error is tallied, never thrown, so one bad request never stops the race. */
export async function attempt(
  stats: SendStats,
  fixes: number,
  run: () => Promise<Response>,
): Promise<Response | null> {
  stats.requests++;
  stats.fixes += fixes;
  try {
    const response = await run();
    if (response.ok) return response;
    stats.failed++;
    countReason(stats, `HTTP ${response.status}: ${(await response.text()).slice(0, 160)}`);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    stats.failed++;
    countReason(stats, `network: ${(error as Error).message}`);
  }
  return null;
}

export function summarise(stats: SendStats): string[] {
  const lines = [
    `${stats.fixes} fixes in ${stats.requests} requests: ${stats.accepted} accepted, ` +
      `${stats.duplicates} duplicates, ${stats.rejected} rejected, ${stats.failed} requests failed`,
  ];
  for (const [reason, count] of [...stats.reasons].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
    lines.push(`  ${count}× ${reason}`);
  }
  return lines;
}

export const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

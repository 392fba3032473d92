// Cyclocross / MTB XCO on time (rules §4): the lap count is fixed from the leader's first laps to get closest
// to a target duration; the 80 % rule pulls riders too far behind the leader; the result ranks by laps
// completed, then finish time, pulled riders after the finishers in pull order ("−n laps").
import { type LapLine, rankByLaps } from './lap-ranking.ts';
import type { ResultStatus } from './types.ts';

/**
 * Laps for a race of `targetSeconds`, from the leader's lap time (the mean of the laps given). The lap count
 * whose total is closest to the target: the first count reaching the target, less one when it overshoots by
 * more than half a lap. 60 min with 7:10 laps → 8 (9 laps would end 4:30 over, more than half of 7:10).
 */
export function cxLapCount(targetSeconds: number, leaderLaps: readonly number[]): number {
  if (leaderLaps.length === 0) throw new Error('cxLapCount needs at least one leader lap time');
  const lap = leaderLaps.reduce((a, b) => a + b, 0) / leaderLaps.length;
  const reaching = Math.max(1, Math.ceil(targetSeconds / lap));
  const overshoot = reaching * lap - targetSeconds;
  return overshoot > lap / 2 && reaching > 1 ? reaching - 1 : reaching;
}

export interface CxConfig {
  /** Laps in the race (see cxLapCount). */
  totalLaps: number;
  /** Fraction of the leader's first lap that gets a rider pulled. Default 0.8 (the "80 % rule"). */
  pullFraction?: number;
  /** Apply the rule at all (some races do not). Default true. */
  pullRule?: boolean;
}

export interface CxRider {
  riderId: string;
  /** Race-clock time (seconds from the start) at the end of each lap, in order. */
  laps: readonly number[];
  /** DNF, DSQ, DNS … by decision; omitted for riders still racing at the end. */
  status?: Exclude<ResultStatus, 'finisher' | 'PUL'>;
}

export interface CxPull {
  riderId: string;
  /** Laps completed when pulled (laps after it are ignored). */
  laps: number;
  time: number;
}

/** The leader's time at the end of each lap: the earliest anyone completed that lap. */
function leaderTimes(riders: readonly CxRider[]): number[] {
  const times: number[] = [];
  for (const r of riders) {
    r.laps.forEach((t, i) => {
      times[i] = Math.min(times[i] ?? Number.POSITIVE_INFINITY, t);
    });
  }
  return times;
}

/**
 * The 80 % rule. The threshold is `pullFraction` × the leader's first lap (7:00 → 5:36). A rider completing a
 * lap that far or further behind the leader's time on that lap is pulled there — unless the leader is already
 * on the final lap, when everyone is let finish. Pulls are returned in the order they happened.
 */
export function eightyPercentPulls(riders: readonly CxRider[], config: CxConfig): CxPull[] {
  if (config.pullRule === false) return [];
  const leader = leaderTimes(riders);
  const firstLap = leader[0];
  if (firstLap === undefined) return [];
  const threshold = (config.pullFraction ?? 0.8) * firstLap;
  // From this moment the leader is on the final lap and nobody is pulled any more.
  const finalLapFrom = leader[config.totalLaps - 2] ?? Number.POSITIVE_INFINITY;
  const pulls: CxPull[] = [];
  for (const r of riders) {
    if (r.status) continue;
    const at = r.laps.findIndex(
      (t, i) => t < finalLapFrom && i < config.totalLaps - 1 && t - leader[i]! >= threshold,
    );
    if (at >= 0) pulls.push({ riderId: r.riderId, laps: at + 1, time: r.laps[at]! });
  }
  // Pulled at the same instant: the order the riders were given in (the timing system's), never an id.
  return pulls.sort((a, b) => a.time - b.time);
}

/** The result: finishers by laps then finish time, then pulled riders by laps then pull order, then the rest. */
export function cxResult(riders: readonly CxRider[], config: CxConfig): LapLine[] {
  const pulls = new Map(eightyPercentPulls(riders, config).map((p, i) => [p.riderId, { ...p, order: i }]));
  return rankByLaps(
    riders.map((r) => {
      const pull = pulls.get(r.riderId);
      if (pull)
        return { riderId: r.riderId, status: 'PUL', laps: pull.laps, time: pull.time, order: pull.order };
      const laps = Math.min(r.laps.length, config.totalLaps);
      return { riderId: r.riderId, status: r.status ?? 'finisher', laps, time: r.laps[laps - 1] ?? null };
    }),
  );
}

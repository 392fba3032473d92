import type { StageScoring } from '@echelon/contracts';
import { scoring } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import type { ComputedResult } from './computed-result.ts';
import { inOrder, lapCrossings, raceClock } from './lap-crossings.ts';
import type { StageTiming } from './stage-timing.ts';

type Mishaps = ReadonlyMap<string, readonly scoring.formats.CriteriumMishap[]>;

/** Lap lines as stored results, with laps and laps down shown. */
function fromLapLines(lines: readonly scoring.formats.LapLine[]): ComputedResult[] {
  return inOrder(
    lines.map((line) => ({
      registrationId: line.riderId,
      time: line.time,
      status: line.status === 'finisher' ? null : line.status,
      points: 0,
      extra: { laps: line.laps, lapsDown: line.lapsDown },
    })),
  );
}

const statusWithout = (timing: StageTiming, riderId: string) => (timing.seen.has(riderId) ? 'DNF' : 'DNS');

/**
 * Criterium (rules §4): everyone finishes on the leader's final lap, so a rider's laps are those up to
 * their first crossing once the leader has finished; lapped riders rank behind every lead-lap rider,
 * "−n laps". Recognised mishaps give laps back unless they happened inside the cut-off. Before the
 * leader finishes the ranking is the running one: laps so far, then the last crossing.
 */
export function criteriumResults(
  context: StageContext,
  timing: StageTiming,
  config: StageScoring,
  mishaps: Mishaps,
): ComputedResult[] {
  const laps = lapCrossings(context, timing);
  const total = context.course?.lapCount ?? context.stage.lapCount;
  const leaderDone = Math.min(...[...laps.values()].map((t) => t[total - 1] ?? Number.POSITIVE_INFINITY));
  const riders = context.riders.map((r): scoring.formats.CriteriumRider => {
    const times = laps.get(r.id) ?? [];
    const last = times.findIndex((t) => t >= leaderDone);
    const counted = last >= 0 ? times.slice(0, last + 1) : times;
    const finished = last >= 0 || (leaderDone === Number.POSITIVE_INFINITY && counted.length > 0);
    return {
      riderId: r.id,
      ...(!finished && { status: statusWithout(timing, r.id) }),
      laps: Math.min(total, counted.length),
      finish: finished ? raceClock(timing, counted.at(-1)!) : null,
      mishaps: mishaps.get(r.id) ?? [],
    };
  });
  return fromLapLines(scoring.formats.criteriumResult(riders, { freeLapCutoff: config.freeLapCutoff }));
}

/**
 * Cyclocross and MTB on time (rules §4): the lap count is fixed from the leader's first two laps to come
 * closest to the target duration (or the stage's laps without one), riders too far behind the leader are
 * pulled (the 80 % rule), and the ranking is laps, then finish time, pulled riders in pull order.
 */
export function cyclocrossResults(
  context: StageContext,
  timing: StageTiming,
  config: StageScoring,
): ComputedResult[] {
  const laps = lapCrossings(context, timing);
  const riders = context.riders.map((r): scoring.formats.CxRider => {
    const times = (laps.get(r.id) ?? []).map((t) => raceClock(timing, t));
    return times.length > 0
      ? { riderId: r.id, laps: times }
      : { riderId: r.id, laps: [], status: statusWithout(timing, r.id) };
  });
  const totalLaps = cxLapCount(riders, config) ?? context.course?.lapCount ?? context.stage.lapCount;
  return fromLapLines(
    scoring.formats.cxResult(riders, {
      totalLaps,
      pullFraction: config.pullFraction,
      pullRule: config.pullRule,
    }),
  );
}

/** The lap count for the target duration from the leader's first two laps; null without a target or laps. */
function cxLapCount(riders: readonly scoring.formats.CxRider[], config: StageScoring): number | null {
  if (config.targetMinutes === null) return null;
  const leader = (lap: number) => Math.min(...riders.map((r) => r.laps[lap] ?? Number.POSITIVE_INFINITY));
  const first = leader(0);
  if (!Number.isFinite(first)) return null;
  const second = leader(1);
  const lapTimes = Number.isFinite(second) ? [first, second - first] : [first];
  return scoring.formats.cxLapCount(config.targetMinutes * 60, lapTimes);
}

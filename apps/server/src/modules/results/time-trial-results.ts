import type { StageScoring } from '@echelon/contracts';
import { scoring, seconds } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import { type ComputedResult, fromStageRows } from './computed-result.ts';
import { crossingsAt, type StageTiming } from './stage-timing.ts';

type Rider = StageContext['riders'][number];

/**
 * Time-trial results (rules §3): each rider timed from their SCHEDULED start (a rider who leaves late
 * loses the time), to the millisecond; a rider without a start on the list is timed from the stage's start.
 * Splits come with every format's (`checkpoint-splits.ts`), from the same scheduled starts. In a team time trial
 * the team's time is its Nth rider's, given to every rider with or before them.
 */
export function timeTrialResults(
  context: StageContext,
  timing: StageTiming,
  config: StageScoring,
  starts: ReadonlyMap<string, number>,
): ComputedResult[] {
  const team = context.stage.format === 'team_time_trial';
  const finish = context.checkpoints.find((c) => c.kind === 'finish');
  const startOf = (r: Rider) => (starts.get(r.id) ?? timing.startedAt) / 1000;
  const own = new Map<string, number>();
  for (const r of context.riders) {
    const at = finish ? crossingsAt(timing, r.id, finish.id)[0] : undefined;
    if (at !== undefined) own.set(r.id, scoring.formats.timeTrialTime(startOf(r), at / 1000));
  }
  const credited = team ? teamTimes(context.riders, own, config.countingRider) : own;
  const entries: scoring.StageEntry[] = context.riders.map((r) => {
    const ref = { bib: r.bib, riderId: r.id, team: r.team ?? '' };
    const time = credited.get(r.id);
    if (time !== undefined) return { ...ref, crossing: seconds(time) };
    return { ...ref, status: timing.seen.has(r.id) ? 'DNF' : 'DNS' };
  });
  const rows = scoring.scoreStage(entries, {
    kind: team ? 'ttt' : 'itt',
    ...(config.timeLimitPercent !== null && { timeLimit: { percent: config.timeLimitPercent } }),
  });
  // Finish points are given once the commissaires' decisions apply (stage-awards.ts).
  return fromStageRows(rows, {});
}

/** Every rider's credited time in a team time trial, team by team (a rider without a team rides alone). */
function teamTimes(
  riders: readonly Rider[],
  own: ReadonlyMap<string, number>,
  countingRider: number,
): Map<string, number> {
  const teams = new Map<string, Rider[]>();
  for (const r of riders) {
    const key = r.team ?? `#${r.bib}`;
    teams.set(key, [...(teams.get(key) ?? []), r]);
  }
  const out = new Map<string, number>();
  for (const members of teams.values()) {
    const result = scoring.formats.teamTimeTrial(
      members.map((r) => ({ riderId: r.id, time: own.get(r.id) ?? null })),
      countingRider,
    );
    for (const line of result.riders) if (line.time !== null) out.set(line.riderId, line.time);
  }
  return out;
}

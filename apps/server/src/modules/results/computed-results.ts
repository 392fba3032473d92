import type { StageScoring } from '@echelon/contracts';
import { type ClimbCategory, scoring, seconds } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import { award, type ComputedResult, crossingOrder } from './computed-result.ts';
import { crossingsAt, type StageTiming } from './stage-timing.ts';

/**
 * A road stage's results from what was recorded: each rider's finish crossing (a timing system's passing
 * where there is one) from the stage's start, scored as the stage's configuration says: same-time groups
 * and time limit, bonuses at the finish and sprints, points, and mountain points at categorised climbs.
 * Riders seen but not finishing are DNF, riders never seen DNS.
 */
export function roadStageResults(
  context: StageContext,
  timing: StageTiming,
  config: StageScoring,
): ComputedResult[] {
  const finish = context.checkpoints.find((c) => c.kind === 'finish');
  const entries: scoring.StageEntry[] = context.riders.map((r) => {
    const ref = { bib: r.bib, riderId: r.id, team: r.team ?? '' };
    const at = finish ? crossingsAt(timing, r.id, finish.id)[0] : undefined;
    if (at !== undefined) return { ...ref, crossing: seconds((at - timing.startedAt) / 1000) };
    return { ...ref, status: timing.seen.has(r.id) ? 'DNF' : 'DNS' };
  });
  const rows = scoring.scoreStage(entries, {
    kind: 'road',
    sameTime: { threshold: seconds(config.sameTimeThreshold) },
    ...(config.timeLimitPercent !== null && { timeLimit: { percent: config.timeLimitPercent } }),
  });

  // Intermediate lines, in the order riders first crossed them.
  const orderAt = (checkpointId: string) =>
    crossingOrder(
      context.riders.flatMap((r) => {
        const at = crossingsAt(timing, r.id, checkpointId)[0];
        return at === undefined ? [] : [{ bib: r.bib, time: at }];
      }),
    );
  const finishRanking = rows.filter((r) => r.rank !== null).map((r) => ({ bib: r.bib, rank: r.rank! }));
  const sprints = context.checkpoints.filter((c) => c.kind === 'sprint').map((c) => orderAt(c.id));
  const bonuses = scoring.stageBonuses('road', [
    { ranking: finishRanking, scale: config.finishBonus },
    ...sprints.map((ranking) => ({ ranking, scale: config.sprintBonus })),
  ]);
  const points = new Map<number, number>();
  award(config.finishPoints, finishRanking, points);
  for (const ranking of sprints) award(config.sprintPoints, ranking, points);
  const mountains = new Map<number, number>();
  for (const climb of context.checkpoints.filter((c) => c.kind === 'climb' && c.climbCategory)) {
    const category = climb.climbCategory as ClimbCategory;
    const scale = config.mountainPoints?.[category] ?? scoring.TDF_MOUNTAIN_POINTS[category];
    award(scale, orderAt(climb.id), mountains);
  }

  return rows.map((row, k) => ({
    registrationId: row.riderId,
    time: row.time,
    bonus: bonuses.get(row.bib) ?? 0,
    penalty: 0,
    status: row.status === 'finisher' ? null : row.status,
    position: row.place ?? 100_000 + k,
    points: points.get(row.bib) ?? 0,
    mountains: mountains.get(row.bib) ?? 0,
  }));
}

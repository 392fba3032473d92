import type { StageScoring } from '@echelon/contracts';
import { type ClimbCategory, scoring, seconds } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import { type ComputedResult, crossingOrder, type Mark } from './computed-result.ts';
import { crossingsAt, type StageTiming } from './stage-timing.ts';

/**
 * A road stage's results from what was recorded: each rider's finish crossing (a timing system's passing
 * where there is one) from the stage's start, scored as the stage's configuration says: same-time groups
 * and time limit, with each rider's place at every sprint and categorised climb. Bonuses, points and
 * mountain points are given from these once the commissaires' decisions apply (stage-awards.ts), so a
 * relegation or disqualification moves them. Riders seen but not finishing are DNF, riders never seen DNS.
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
  const marks = new Map<number, Mark[]>();
  const mark = (bib: number, m: Mark) => marks.set(bib, [...(marks.get(bib) ?? []), m]);
  for (const point of context.checkpoints) {
    const category = (point.climbCategory ?? null) as ClimbCategory | null;
    const kind = point.kind === 'sprint' ? 'sprint' : point.kind === 'climb' && category ? 'climb' : null;
    if (kind === null) continue;
    for (const { bib, rank } of orderAt(point.id)) {
      mark(bib, { pointId: point.id, kind, category: kind === 'climb' ? category : null, rank });
    }
  }
  return rows.map((row, k) => ({
    registrationId: row.riderId,
    time: row.time,
    bonus: 0,
    penalty: 0,
    status: row.status === 'finisher' ? null : row.status,
    position: row.place ?? 100_000 + k,
    points: 0,
    mountains: 0,
    marks: marks.get(row.bib) ?? [],
  }));
}

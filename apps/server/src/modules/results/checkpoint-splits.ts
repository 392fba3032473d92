import { scoring } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import type { ComputedResult, RowExtra } from './computed-result.ts';
import { crossingsAt, type StageTiming } from './stage-timing.ts';

type Rider = StageContext['riders'][number];
export type Splits = NonNullable<RowExtra['splits']>;

/** The intermediate timing points, in course order: every checkpoint but the start and the finish. */
export function intermediatePoints(context: Pick<StageContext, 'checkpoints'>) {
  return context.checkpoints.filter((c) => c.kind !== 'start' && c.kind !== 'finish');
}

/**
 * Splits at every intermediate timing point (rules §3, published for every format): each rider's time
 * there from their own start (`startOf`, epoch seconds), their rank among every rider timed there and
 * their gap to the fastest, from the first crossing — a timing system's passing where there is one,
 * else GPS. Hundredths kept; equal times share a rank.
 */
export function checkpointSplits(
  context: StageContext,
  timing: StageTiming,
  startOf: (rider: Rider) => number,
): Map<string, Splits> {
  const out = new Map<string, Splits>();
  for (const point of intermediatePoints(context)) {
    const passings = context.riders.flatMap((r) => {
      const at = crossingsAt(timing, r.id, point.id)[0];
      return at === undefined ? [] : [{ riderId: r.id, scheduledStart: startOf(r), time: at / 1000 }];
    });
    for (const line of scoring.formats.splitStandings(passings)) {
      const list = out.get(line.riderId) ?? [];
      list.push({
        checkpointId: point.id,
        name: point.name,
        time: scoring.formats.toMilliseconds(line.elapsed),
        rank: line.place,
        gap: line.gap,
      });
      out.set(line.riderId, list);
    }
  }
  return out;
}

/**
 * Results with every rider's splits, when the stage has intermediate timing points (an empty list for a
 * rider timed at none); a stage without any gets none.
 */
export function withSplits(
  results: readonly ComputedResult[],
  context: StageContext,
  timing: StageTiming,
  startOf: (rider: Rider) => number,
): ComputedResult[] {
  if (intermediatePoints(context).length === 0) return [...results];
  const splits = checkpointSplits(context, timing, startOf);
  return results.map((r) => ({ ...r, extra: { ...r.extra, splits: splits.get(r.registrationId) ?? [] } }));
}

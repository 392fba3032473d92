import type { StageContext } from '../../live/live.repository.ts';
import type { ComputedResult } from './computed-result.ts';
import { marksLapEnd } from './lap-lines.ts';
import { crossingsAt, type StageTiming } from './stage-timing.ts';

/**
 * Each rider's crossings of the lap line, earliest first (epoch ms). A timing system's loop on the finish
 * line gives every lap; without one, GPS gives a crossing at every lap's end: at a checkpoint the
 * organiser placed there (the finish after the last lap), else at the line the stage timing added for
 * it. A rider the loop read is taken from the loop alone, so one pass is never counted twice.
 */
export function lapCrossings(context: StageContext, timing: StageTiming): Map<string, number[]> {
  const lapLength = context.course?.lapLength ?? 0;
  const finish = context.checkpoints.find((c) => c.kind === 'finish');
  const lines = [
    ...context.checkpoints.filter((c) => marksLapEnd(c, lapLength)).map((c) => c.id),
    ...timing.lapLines,
  ];
  const out = new Map<string, number[]>();
  for (const r of context.riders) {
    const looped = finish !== undefined && timing.timed.get(r.id)?.has(finish.id) === true;
    const times = looped
      ? [...crossingsAt(timing, r.id, finish.id)]
      : lines.flatMap((line) => crossingsAt(timing, r.id, line));
    out.set(
      r.id,
      times.sort((a, b) => a - b),
    );
  }
  return out;
}

/** Race-clock seconds of an instant: from the stage's actual start. */
export function raceClock(timing: StageTiming, at: number): number {
  return Math.round(at - timing.startedAt) / 1000;
}

/**
 * Lines ranked by the format (best first) as stored results: their order is the position, which is what
 * lap races rank by (laps, points or elimination, never time alone).
 */
export function inOrder(
  lines: ReadonlyArray<Omit<ComputedResult, 'position' | 'bonus' | 'penalty' | 'mountains'>>,
): ComputedResult[] {
  return lines.map((line, k) => ({ ...line, bonus: 0, penalty: 0, mountains: 0, position: k + 1 }));
}

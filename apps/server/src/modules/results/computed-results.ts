import { epochMs, type Fix, StageState, scoring, seconds } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import { liveCourseOf } from '../../live/live-course.ts';
import type { RawResult } from './apply-decisions.ts';

interface StoredFix {
  registrationId: string;
  time: number;
  lat: number;
  lon: number;
  accuracy: number | null;
  speed: number | null;
  altitude: number | null;
  battery: number | null;
}

const KIND: Record<string, scoring.StageKind> = { individual_time_trial: 'itt', team_time_trial: 'ttt' };

/**
 * A stage's results from what was recorded: every stored fix replayed through the live state (the same
 * code the live feed runs), the finish crossing interpolated between the fixes around the line, a timing
 * system's passing at the finish taking precedence, then scored as the stage's format says (same-time
 * groups on the road). Riders seen but not finishing are DNF, riders never seen DNS.
 */
export function computeStageResults(
  context: StageContext,
  fixes: readonly StoredFix[],
  finishPassings: ReadonlyMap<string, number>,
): RawResult[] {
  const { stage, course } = context;
  if (!course || stage.startedAt === null) return [];
  const state = new StageState(
    liveCourseOf(course, context.checkpoints),
    context.riders.map((r) => ({ riderId: r.id })),
  );
  state.start(epochMs(stage.startedAt));
  let last = stage.startedAt;
  for (const f of fixes) {
    const fix: Fix = { ...f, riderId: f.registrationId, time: epochMs(f.time) };
    state.addFix(fix);
    last = Math.max(last, f.time);
  }
  const standings = new Map(state.standings(epochMs(last + 1)).riders.map((r) => [r.riderId, r]));
  const entries: scoring.StageEntry[] = context.riders.map((r) => {
    const live = standings.get(r.id);
    const finish = finishPassings.get(r.id) ?? live?.finishTime ?? null;
    const ref = { bib: r.bib, riderId: r.id, team: r.team ?? '' };
    if (finish !== null) return { ...ref, crossing: seconds((finish - stage.startedAt!) / 1000) };
    return { ...ref, status: live?.lastFixAt != null ? 'DNF' : 'DNS' };
  });
  return scoring.scoreStage(entries, { kind: KIND[stage.format] ?? 'road' }).map((row, k) => ({
    registrationId: row.riderId,
    time: row.time,
    bonus: 0,
    penalty: 0,
    status: row.status === 'finisher' ? null : row.status,
    position: row.place ?? 100_000 + k,
  }));
}

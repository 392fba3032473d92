import { StageScoring } from '@echelon/contracts';
import { type ClimbCategory, epochMs, type Fix, StageState, scoring, seconds } from '@echelon/domain';
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

export interface ComputedResult extends RawResult {
  points: number;
  mountains: number;
}

const KIND: Record<string, scoring.StageKind> = { individual_time_trial: 'itt', team_time_trial: 'ttt' };

/** Riders in the order they crossed a line; equal times share a rank. */
function crossingOrder(crossings: ReadonlyArray<{ bib: number; time: number }>): scoring.RankedBib[] {
  const sorted = [...crossings].sort((a, b) => a.time - b.time || a.bib - b.bib);
  const ranks = scoring.competitionRanks(sorted, (a, b) => a.time === b.time);
  return sorted.map((c, k) => ({ bib: c.bib, rank: ranks[k]! }));
}

const award = (
  scale: readonly number[],
  ranking: readonly scoring.RankedBib[],
  into: Map<number, number>,
) => {
  for (const { bib, rank } of ranking) into.set(bib, (into.get(bib) ?? 0) + scoring.scaleValue(scale, rank));
};

/**
 * A stage's results from what was recorded: every stored fix replayed through the live state (the same
 * code the live feed runs), lines crossed where the fixes around them say, a timing system's passing at
 * the finish taking precedence, then scored as the stage's configuration says: same-time groups and time
 * limit, bonuses at the finish and sprints, points, and mountain points at categorised climbs. Riders
 * seen but not finishing are DNF, riders never seen DNS.
 */
export function computeStageResults(
  context: StageContext,
  fixes: readonly StoredFix[],
  finishPassings: ReadonlyMap<string, number>,
): ComputedResult[] {
  const { stage, course } = context;
  if (!course || stage.startedAt === null) return [];
  const config = StageScoring.parse(stage.scoring ?? {});
  const kind = KIND[stage.format] ?? 'road';
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
  const rows = scoring.scoreStage(entries, {
    kind,
    sameTime: { threshold: seconds(config.sameTimeThreshold) },
    ...(config.timeLimitPercent !== null && { timeLimit: { percent: config.timeLimitPercent } }),
  });

  // Intermediate lines, in the order riders crossed them.
  const bibOf = new Map(context.riders.map((r) => [r.id, r.bib]));
  const orderAt = (checkpointId: string) =>
    crossingOrder(
      [...standings.values()].flatMap((s) =>
        s.crossings
          .filter((c) => c.checkpointId === checkpointId)
          .map((c) => ({ bib: bibOf.get(s.riderId)!, time: c.time })),
      ),
    );
  const finishRanking = rows.filter((r) => r.rank !== null).map((r) => ({ bib: r.bib, rank: r.rank! }));
  const sprints = context.checkpoints.filter((c) => c.kind === 'sprint').map((c) => orderAt(c.id));
  const bonuses = scoring.stageBonuses(kind, [
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

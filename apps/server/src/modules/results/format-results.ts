import { StageScoring } from '@echelon/contracts';
import { scoring, seconds } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import { withSplits } from './checkpoint-splits.ts';
import type { ComputedResult } from './computed-result.ts';
import { roadStageResults } from './computed-results.ts';
import type { DecisionRow } from './decisions.repository.ts';
import { criteriumResults, cyclocrossResults } from './lap-results.ts';
import { audaxResults, fondoStartOf, granFondoResults } from './mass-results.ts';
import { crossingsAt, type StageTiming } from './stage-timing.ts';
import { timeTrialResults } from './time-trial-results.ts';
import { eliminationResults, pointsRaceResults } from './track-results.ts';

/** Formats ranked by their own order (laps, points, elimination, alphabet), never by time alone. */
const RANKED_BY_POSITION = new Set(['criterium', 'points_race', 'elimination', 'cyclocross', 'mtb', 'audax']);

export function ranksByPosition(format: string): boolean {
  return RANKED_BY_POSITION.has(format);
}

/** An audax is not a race: its finishers are listed, never placed. */
export function isRanked(format: string): boolean {
  return format !== 'audax';
}

/**
 * A recorded stage scored by the rules of its format, with splits at every intermediate timing point
 * from each rider's start (scheduled start, gran fondo wave or own start, else the stage's). Decisions
 * that change the scoring itself rather than a result (a criterium's free laps) are read here; the
 * others are applied to the results after.
 */
export function formatResults(
  context: StageContext,
  timing: StageTiming,
  starts: ReadonlyMap<string, number>,
  decisions: readonly DecisionRow[],
): ComputedResult[] {
  const config = StageScoring.parse(context.stage.scoring ?? {});
  return withSplits(
    scoredByFormat(context, timing, starts, decisions, config),
    context,
    timing,
    context.stage.format === 'gran_fondo'
      ? fondoStartOf(context, timing, config)
      : (r) => (starts.get(r.id) ?? timing.startedAt) / 1000,
  );
}

function scoredByFormat(
  context: StageContext,
  timing: StageTiming,
  starts: ReadonlyMap<string, number>,
  decisions: readonly DecisionRow[],
  config: StageScoring,
): ComputedResult[] {
  switch (context.stage.format) {
    case 'individual_time_trial':
    case 'team_time_trial':
      return timeTrialResults(context, timing, config, starts);
    case 'criterium':
      return criteriumResults(context, timing, config, freeLaps(decisions));
    case 'points_race':
      return pointsRaceResults(context, timing, config);
    case 'elimination':
      return eliminationResults(context, timing, config.eliminateEvery);
    case 'cyclocross':
    case 'mtb':
      return cyclocrossResults(context, timing, config);
    case 'gran_fondo':
      return granFondoResults(context, timing, config);
    case 'audax':
      return audaxResults(context, timing, config, starts);
    default:
      return roadStageResults(context, timing, config);
  }
}

/** Recognised mishaps by rider, from the commissaires' free-lap decisions. */
function freeLaps(decisions: readonly DecisionRow[]) {
  const out = new Map<string, scoring.formats.CriteriumMishap[]>();
  for (const d of decisions) {
    if (d.kind !== 'free_lap' || d.revokedAt || d.registrationId === null) continue;
    const mishap = { lapsLost: d.laps ?? 0, distanceToGo: d.distance ?? 0, recognised: true };
    out.set(d.registrationId, [...(out.get(d.registrationId) ?? []), mishap]);
  }
  return out;
}

/**
 * GC times taken at a point before the finish (rules §2: e.g. rain, times taken with one lap to go), when
 * the commissaires named one: each rider's time there from their start, in the same-time groups a finish
 * would make. The last such decision in force wins; none gives an empty map.
 */
export function gcTimesAtPoint(
  context: StageContext,
  timing: StageTiming,
  starts: ReadonlyMap<string, number>,
  decisions: readonly DecisionRow[],
): Map<string, number> {
  const decided = decisions.filter((d) => d.kind === 'gc_time_point' && !d.revokedAt).at(-1);
  if (!decided?.checkpointId) return new Map();
  const config = StageScoring.parse(context.stage.scoring ?? {});
  const passed = context.riders
    .flatMap((r) => {
      const at = crossingsAt(timing, r.id, decided.checkpointId!)[0];
      return at === undefined
        ? []
        : [{ id: r.id, time: (at - (starts.get(r.id) ?? timing.startedAt)) / 1000 }];
    })
    .sort((a, b) => a.time - b.time);
  const grouped = scoring.sameTimeGroups(
    passed.map((p) => seconds(p.time)),
    { threshold: seconds(config.sameTimeThreshold) },
  );
  return new Map(passed.map((p, k) => [p.id, grouped[k]!]));
}

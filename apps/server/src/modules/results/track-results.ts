import type { StageScoring } from '@echelon/contracts';
import { scoring } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import type { ComputedResult } from './computed-result.ts';
import { inOrder, lapCrossings, raceClock } from './lap-crossings.ts';
import type { StageTiming } from './stage-timing.ts';

type Laps = ReadonlyMap<string, readonly number[]>;

/**
 * Riders with an nth crossing of the line (1-based), in the order they made it; riders read at the same
 * millisecond keep the order given (the start list's, by bib), never an internal id's.
 */
function orderOnLap(laps: Laps, lap: number, among: readonly string[] = [...laps.keys()]): string[] {
  return among
    .filter((id) => laps.get(id)?.[lap - 1] !== undefined)
    .sort((a, b) => laps.get(a)![lap - 1]! - laps.get(b)![lap - 1]!);
}

/** Riders listed without a place: seen but out of the race (DNF), or never seen (DNS). */
function unplaced(context: StageContext, timing: StageTiming, placed: ReadonlySet<string>) {
  return context.riders
    .filter((r) => !placed.has(r.id))
    .map((r) => ({
      registrationId: r.id,
      time: null,
      status: timing.seen.has(r.id) ? 'DNF' : 'DNS',
      points: 0,
    }));
}

/**
 * Points race (rules §4). The race is over when the first rider completes the distance on the bunch's
 * lap count; riders crossing from then on finish, and the final sprint is their order across the line.
 * Laps gained or lost are what a finisher's crossings count over or under the distance. Each
 * intermediate sprint is judged on the riders' own lap count: the order of their crossings of that lap.
 */
export function pointsRaceResults(
  context: StageContext,
  timing: StageTiming,
  config: StageScoring,
): ComputedResult[] {
  const laps = lapCrossings(context, timing);
  const total = context.course?.lapCount ?? context.stage.lapCount;
  const onDistance = [...laps.values()].filter((t) => t.length === total);
  const end = Math.min(
    ...(onDistance.length > 0 ? onDistance : [...laps.values()]).map(
      (t) => t[total - 1] ?? Number.POSITIVE_INFINITY,
    ),
  );
  const finishers = [...laps.entries()]
    .filter(([, t]) => t.length > 0 && t.at(-1)! >= end)
    .sort(([, x], [, y]) => x.at(-1)! - y.at(-1)!)
    .map(([id]) => id);
  const sprintLaps = scoring.formats.sprintLaps(total, config.pointsRace.sprintEvery).slice(0, -1);
  const lines = scoring.formats.pointsRaceResult(
    {
      sprints: sprintLaps.map((lap) => orderOnLap(laps, lap, finishers)),
      final: finishers,
      laps: finishers.map((id) => ({ riderId: id, change: laps.get(id)!.length - total })),
      riders: finishers,
    },
    config.pointsRace,
  );
  const placed = new Set(finishers);
  return inOrder([
    ...lines.map((line) => ({
      registrationId: line.riderId,
      time: raceClock(timing, laps.get(line.riderId)!.at(-1)!),
      status: null,
      points: line.points,
      extra: { laps: laps.get(line.riderId)!.length },
    })),
    ...unplaced(context, timing, placed),
  ]);
}

/**
 * Elimination (rules §4): every N laps the last rider across the line among those still in is out (one
 * who does not cross that lap at all is the last); when two are left they sprint on their next lap. The
 * ranking is the final sprint, then everyone else, last out first.
 */
export function eliminationResults(
  context: StageContext,
  timing: StageTiming,
  every: number,
): ComputedResult[] {
  const laps = lapCrossings(context, timing);
  const starters = context.riders.filter((r) => (laps.get(r.id)?.length ?? 0) > 0).map((r) => r.id);
  const out: string[] = [];
  let lap = every;
  while (starters.length - out.length > 2) {
    const still = starters.filter((id) => !out.includes(id));
    const crossed = orderOnLap(laps, lap, still);
    const missing = still.filter((id) => !crossed.includes(id));
    const rider = scoring.formats.eliminatedAt([...crossed, ...missing], new Set(out));
    if (rider === null) break;
    out.push(rider);
    lap += every;
  }
  const finalists = starters.filter((id) => !out.includes(id));
  const sprint = orderOnLap(laps, lap - every + 1, finalists);
  const final = [...sprint, ...finalists.filter((id) => !sprint.includes(id))];
  const lines = scoring.formats.eliminationResult(out, final);
  return inOrder([
    ...lines.map((line) => {
      const times = laps.get(line.riderId)!;
      return {
        registrationId: line.riderId,
        time: raceClock(timing, times.at(-1)!),
        status: null,
        points: 0,
        extra: { laps: times.length },
      };
    }),
    ...unplaced(context, timing, new Set(starters)),
  ]);
}

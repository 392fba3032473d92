// Live standings of a team time trial: the team races the clock, not the rider. At every timing point a
// team's time is the time of its Nth rider through (rules §3: N from the stage's scoring, usually 4 or 5;
// with fewer than N riders left in the race, the last of them), and teams are ranked by that, exactly as the
// official result will be. Riders who were not with the Nth at the team's last point are "dropped": they are
// shown apart and keep their own times. Pure: the individual live standings (time-trial.ts) in, team
// standings, team split tables and the team in the hot seat out.
import { type EpochMs, epochMs, type Seconds, seconds } from '../units.ts';
import {
  atTrailHead,
  type ClockStanding,
  compareOnTheClock,
  type HotSeatTime,
  type SplitTable,
  type SplitTime,
  type TimeTrialPhase,
  type TimeTrialStandings,
  type TrailSource,
} from './time-trial.ts';

export interface TeamEntry {
  teamId: string;
  riderIds: readonly string[];
}

export interface TeamTimeTrialStanding extends ClockStanding {
  teamId: string;
  /** The team's start: its riders' earliest. */
  start: EpochMs | null;
  /**
   * The team's time at the last point its Nth rider passed (`pointId`): that rider's time, exact when
   * it is a timing system's passing.
   */
  elapsed: Seconds | null;
  /**
   * Between points, from GPS: behind the reference team (the hot seat, else the fastest team through the
   * furthest point), each rider compared where its trail last placed it, the team's Nth best counting;
   * negative when ahead.
   */
  virtualGap: Seconds | null;
  /** Riders with the team: through the team's last point with its counting rider (all, before it). */
  riders: string[];
  /** Riders dropped: through the team's last point well after the counting rider, or not yet through it. */
  dropped: string[];
  /** Riders out of the race. */
  out: string[];
}

export interface TeamSplitRow extends SplitTime {
  teamId: string;
}

export type TeamSplitTable = SplitTable<TeamSplitRow>;

export interface TeamHotSeat extends HotSeatTime {
  teamId: string;
}

export interface TeamTimeTrialStandings {
  /** The counting rider (N) the standings were made with. */
  countingRider: number;
  teams: TeamTimeTrialStanding[];
  splits: TeamSplitTable[];
  hotSeat: TeamHotSeat | null;
}

interface Passing {
  riderId: string;
  elapsed: number;
  exact: boolean;
}

interface Working {
  entry: TeamEntry;
  start: number | null;
  /** Riders still in the race. */
  racing: string[];
  out: string[];
  /** N, or fewer when fewer riders are left. */
  counting: number;
  /** Per split point: the team's time (its counting rider's passing), when enough riders passed. */
  times: Array<Passing | null>;
  /** Per split point: every racing rider's passing there, fastest first. */
  passings: Passing[][];
  last: number;
  phase: TimeTrialPhase;
}

/**
 * The team time trial's live standings, from the individual ones at the same instant (whose split tables
 * hold every rider's time at every point, timing passings included). Order as for riders: finished teams by
 * time, teams on the course by the furthest point their Nth rider passed and the team time there, then
 * teams still to start, then teams with nobody left.
 */
export function teamTimeTrialStandings(
  individual: TimeTrialStandings,
  teams: readonly TeamEntry[],
  countingRider: number,
  trails: TrailSource,
): TeamTimeTrialStandings {
  const points = individual.splits.map((s) => s.checkpointId);
  const rider = new Map(individual.riders.map((r) => [r.riderId, r]));
  const at = points.map(
    (_, k) => new Map(individual.splits[k]!.rows.map((row) => [row.riderId, row] as const)),
  );
  const working: Working[] = teams.map((entry) => {
    const members = entry.riderIds.filter((id) => rider.has(id));
    const racing = members.filter((id) => rider.get(id)!.phase !== 'out');
    const out = members.filter((id) => rider.get(id)!.phase === 'out');
    const counting = Math.min(Math.max(1, countingRider), racing.length);
    const passings = points.map((_, k) =>
      racing
        .flatMap((id) => {
          const row = at[k]!.get(id);
          // Back to whole ms: the individual table carries seconds.
          return row ? [{ riderId: id, elapsed: Math.round(row.elapsed * 1000), exact: row.exact }] : [];
        })
        .sort((a, b) => a.elapsed - b.elapsed || a.riderId.localeCompare(b.riderId)),
    );
    const times = passings.map((p) => (counting > 0 && p.length >= counting ? p[counting - 1]! : null));
    let last = -1;
    times.forEach((t, k) => {
      if (t) last = k;
    });
    const starts = members.map((id) => rider.get(id)!.start).filter((s): s is EpochMs => s !== null);
    const start = starts.length > 0 ? Math.min(...starts) : null;
    const phases = racing.map((id) => rider.get(id)!.phase);
    const phase: TimeTrialPhase =
      counting === 0
        ? 'out'
        : points.length > 0 && last === points.length - 1
          ? 'finished'
          : phases.some((p) => p === 'on_course' || p === 'finished')
            ? 'on_course'
            : 'waiting';
    return { entry, start, racing, out, counting, times, passings, last, phase };
  });

  const best = points.map((_, k) =>
    Math.min(...working.map((w) => w.times[k]?.elapsed ?? Number.POSITIVE_INFINITY)),
  );
  const splits: TeamSplitTable[] = points.map((checkpointId, k) => {
    const timed = working
      .filter((w) => w.times[k])
      .map((w) => ({ teamId: w.entry.teamId, ...w.times[k]! }))
      .sort((a, b) => a.elapsed - b.elapsed || a.teamId.localeCompare(b.teamId));
    const rows: TeamSplitRow[] = [];
    timed.forEach((t, i) => {
      const tied = i > 0 && t.elapsed === timed[i - 1]!.elapsed;
      rows.push({
        teamId: t.teamId,
        elapsed: seconds(t.elapsed / 1000),
        // Equal times share a rank (competition ranking, as in the results).
        rank: tied ? rows[i - 1]!.rank : i + 1,
        gap: seconds((t.elapsed - best[k]!) / 1000),
        exact: t.exact,
      });
    });
    return { checkpointId, rows };
  });

  const finish = points.length - 1;
  let seat: Working | null = null;
  for (const w of working) {
    if (w.phase !== 'finished') continue;
    if (!seat || w.times[finish]!.elapsed < seat.times[finish]!.elapsed) seat = w;
  }
  const hotSeat: TeamHotSeat | null = seat && {
    teamId: seat.entry.teamId,
    elapsed: seconds(seat.times[finish]!.elapsed / 1000),
    since: epochMs(seat.start! + seat.times[finish]!.elapsed),
  };
  let reference = seat;
  if (!reference) {
    for (const w of working) {
      if (w.last < 0) continue;
      if (
        !reference ||
        w.last > reference.last ||
        (w.last === reference.last && w.times[w.last]!.elapsed < reference.times[w.last]!.elapsed)
      )
        reference = w;
    }
  }

  let rank = 0;
  return {
    countingRider,
    splits,
    hotSeat,
    teams: working
      .sort((a, b) => compareOnTheClock(a, b, (w) => w.entry.teamId))
      .map((w) => {
        const ranked = w.phase === 'on_course' || w.phase === 'finished';
        if (ranked) rank++;
        const time = w.last >= 0 ? w.times[w.last]! : null;
        const { riders, dropped } = withTheTeam(w);
        return {
          teamId: w.entry.teamId,
          rank: ranked ? rank : null,
          phase: w.phase,
          start: w.start === null ? null : epochMs(w.start),
          pointId: time ? points[w.last]! : null,
          elapsed: time ? seconds(time.elapsed / 1000) : null,
          gap: time ? seconds((time.elapsed - best[w.last]!) / 1000) : null,
          exact: time?.exact ?? false,
          virtualGap: w.phase === 'on_course' ? virtualGap(w, reference, trails) : null,
          riders,
          dropped,
          out: w.out,
        };
      }),
  };
}

/**
 * A rider through the team's last point this long after its counting rider is dropped (rather than the tail
 * of the team's line, which spans a second or two and which GPS times to a second or so either way).
 */
export const DROPPED_AFTER_S = 3;

/**
 * Who is with the team: at the team's last point, every rider through no later than DROPPED_AFTER_S after
 * the counting rider; the rest are dropped (later, or not through yet). Before the first point nobody is
 * dropped yet. Riders with the team come in the order they passed. (The official result is stricter: a
 * rider behind the Nth, even by a tenth, keeps their own time; the live view shows who rides together.)
 */
function withTheTeam(w: Working): { riders: string[]; dropped: string[] } {
  if (w.last < 0) return { riders: [...w.racing], dropped: [] };
  const teamTime = w.times[w.last]!.elapsed;
  const through = w.passings[w.last]!;
  const riders = through.filter((p) => p.elapsed <= teamTime + DROPPED_AFTER_S * 1000).map((p) => p.riderId);
  const withTeam = new Set(riders);
  return { riders, dropped: w.racing.filter((id) => !withTeam.has(id)) };
}

/** When the reference team (its Nth rider) passed distance x, from its riders' trails; null if not yet. */
function teamPassage(w: Working, x: number, trails: TrailSource): number | null {
  const passed = w.racing
    .map((id) => trails.timeAt(id, x))
    .filter((t): t is number => t !== null)
    .sort((a, b) => a - b);
  return passed[w.counting - 1] ?? null;
}

/**
 * The team's gap on the road to the reference team. Each rider is compared where they last were (their own
 * elapsed time there minus the reference team's), and the team's gap is its Nth best rider's: the counting
 * rider's, as at a timing point. Comparing each rider at their own distance keeps a rider whose phone is
 * silent from pulling the team back (their older comparison is still a fair one), and a dropped rider's
 * growing gap never counts while N riders are ahead of them. "Where they last were" is the head of the
 * rider's trail, where its own time is known: its standing distance (the furthest fix) is often metres
 * beyond, and a rider left out there would let a dropped rider's gap count as the Nth.
 */
function virtualGap(w: Working, reference: Working | null, trails: TrailSource): Seconds | null {
  if (!reference || reference === w || w.start === null || reference.start === null) return null;
  const gaps: number[] = [];
  for (const id of w.racing) {
    const head = atTrailHead(trails, id, w.start);
    if (head === null) continue;
    const theirs = teamPassage(reference, head.distance, trails);
    if (theirs === null) continue;
    gaps.push(head.elapsed - (theirs - reference.start));
  }
  if (gaps.length < w.counting) return null;
  gaps.sort((a, b) => a - b);
  return seconds(gaps[w.counting - 1]! / 1000);
}

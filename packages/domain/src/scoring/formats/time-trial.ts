// Individual and team time trials (rules §3). All instants are seconds on one race clock (e.g. seconds since
// midnight); durations are seconds to the millisecond a timing system reads: riders rank on the exact time,
// results show hundredths (§0), and time-trial hundredths break GC ties (§2). Riders level to the
// millisecond keep the order they are given in: the timing system's, never an internal id's.
import { competitionRanking, type Placed, toMilliseconds } from './types.ts';

/**
 * A rider's time-trial time: finish − SCHEDULED start, never the actual start — a rider who leaves late loses
 * the time (§3). Scheduled 10:01:00, finish 10:25:30.37 → 1470.37 s (24:30.37), whatever the actual start.
 * Kept to the millisecond, so two riders 1 ms apart are not level.
 */
export function timeTrialTime(scheduledStart: number, finish: number): number {
  return toMilliseconds(finish - scheduledStart);
}

export interface StartListConfig {
  /** First start, on the race clock. */
  firstStart: number;
  /** Seconds between starters. Default 60. */
  interval?: number;
  /** How many of the last starters (the GC leaders) start further apart. Default 10. */
  lastRiders?: number;
  /** Seconds between those last starters (also the gap before the first of them). Default 120. */
  lastInterval?: number;
}

export interface StartSlot {
  riderId: string;
  /** 1-based start order. */
  order: number;
  start: number;
}

/**
 * Start list in reverse GC order (§3): the GC leader starts last. `gc` is best first. The first riders go
 * `interval` apart; the last `lastRiders` go `lastInterval` apart, counted from the rider before them too.
 * 50 riders, 60 s, last 10 at 120 s: GC #11 at +39 min, #10 at +41 min, #1 at +59 min.
 */
export function timeTrialStartList(gc: readonly string[], config: StartListConfig): StartSlot[] {
  const interval = config.interval ?? 60;
  const lastRiders = config.lastRiders ?? 10;
  const lastInterval = config.lastInterval ?? 120;
  const starters = [...gc].reverse();
  const firstSpaced = starters.length - lastRiders;
  const slots: StartSlot[] = [];
  let start = config.firstStart;
  starters.forEach((riderId, index) => {
    if (index > 0) start += index >= firstSpaced ? lastInterval : interval;
    slots.push({ riderId, order: index + 1, start });
  });
  return slots;
}

export interface SplitPassing {
  riderId: string;
  scheduledStart: number;
  /** When the rider passed the timing point, on the race clock. */
  time: number;
}

export interface SplitLine {
  riderId: string;
  /** Passing − scheduled start, to the millisecond. */
  elapsed: number;
  /** Place among the riders who had passed the point by then (competition ranking). */
  place: number;
  /** Behind the best split of those riders (0 for the best). */
  gap: number;
}

/**
 * Splits at one timing point as they come in (§3): each passing, in the order it happened, ranked among the
 * riders who had passed the point so far, with its gap to the best split so far. This is what is announced
 * at the moment a rider passes; `splitStandings` gives the table once everyone is through.
 */
export function splitsAsTheyHappen(passings: readonly SplitPassing[]): SplitLine[] {
  const byTime = [...passings].sort((a, b) => a.time - b.time);
  const seen: number[] = [];
  return byTime.map((p) => {
    const elapsed = timeTrialTime(p.scheduledStart, p.time);
    seen.push(elapsed);
    const best = Math.min(...seen);
    const place = 1 + seen.filter((e) => e < elapsed).length;
    return { riderId: p.riderId, elapsed, place, gap: toMilliseconds(elapsed - best) };
  });
}

/** The split table at one point: every rider who passed, fastest first, with the gap to the best. */
export function splitStandings(passings: readonly SplitPassing[]): SplitLine[] {
  const lines = passings
    .map((p) => ({ riderId: p.riderId, elapsed: timeTrialTime(p.scheduledStart, p.time) }))
    .sort((a, b) => a.elapsed - b.elapsed);
  const best = lines[0]?.elapsed ?? 0;
  return competitionRanking(lines, (a, b) => a.elapsed === b.elapsed).map(({ place, entry }) => ({
    ...entry,
    place: place ?? 0,
    gap: toMilliseconds(entry.elapsed - best),
  }));
}

export interface TeamTimeTrialRider {
  riderId: string;
  /** The rider's own time (finish − the team's scheduled start), null when not finished. */
  time: number | null;
}

export interface TeamTimeTrialLine {
  riderId: string;
  /** The time the rider is credited with: the team time, or their own when dropped; null when not finished. */
  time: number | null;
  ownTime: number | null;
  /** Finished with or before the counting rider. */
  withTeam: boolean;
}

export interface TeamTimeTrialResult {
  /** The Nth finisher's time, or the last finisher's when fewer than N finished; null when nobody did. */
  teamTime: number | null;
  riders: TeamTimeTrialLine[];
}

/**
 * Team time trial (§3): the team time is the time of the Nth rider across the line (N is race configuration,
 * usually 4 or 5; default 4), to the millisecond. Riders with or before the Nth get the team time; dropped riders
 * keep their own. With fewer than N finishers the team time is the last finisher's (so all of them get it).
 * N = 4: 1800.10, 1800.20, 1800.35, 1800.50, 1845.00 → first four 1800.50, the dropped rider 1845.00.
 */
export function teamTimeTrial(riders: readonly TeamTimeTrialRider[], countingRider = 4): TeamTimeTrialResult {
  const finishers = riders
    .filter((r): r is TeamTimeTrialRider & { time: number } => r.time !== null)
    .sort((a, b) => a.time - b.time);
  const counting = finishers[Math.min(countingRider, finishers.length) - 1];
  const teamTime = counting ? toMilliseconds(counting.time) : null;
  return {
    teamTime,
    riders: riders.map((r) => {
      if (r.time === null || teamTime === null) {
        return { riderId: r.riderId, time: null, ownTime: r.time, withTeam: false };
      }
      // A rider level with the counting rider (same millisecond) finished "with" them.
      const withTeam = toMilliseconds(r.time) <= teamTime;
      return {
        riderId: r.riderId,
        time: withTeam ? teamTime : toMilliseconds(r.time),
        ownTime: r.time,
        withTeam,
      };
    }),
  };
}

/** Teams ranked by team time (competition ranking); teams without a time are left out. */
export function rankTeamTimeTrial<T extends { teamTime: number | null }>(teams: readonly T[]): Placed<T>[] {
  const timed = teams.filter((t) => t.teamTime !== null).sort((a, b) => a.teamTime! - b.teamTime!);
  return competitionRanking(timed, (a, b) => a.teamTime === b.teamTime);
}

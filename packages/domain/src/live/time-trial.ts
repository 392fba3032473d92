// Live standings of a time trial (individual or team): every rider races the clock from their own start, so
// riders are compared by elapsed time at the same point — the last timing point each has passed — never by
// where they are on the road. Pure: the live state's crossings and trails in, standings, split tables and
// the provisional leader ("hot seat") out. A timing system's passing replaces the GPS crossing at its point
// and makes that split exact (rules §6).
import { type EpochMs, epochMs, type Seconds, seconds } from '../units.ts';
import type { LiveCheckpoint, RiderCondition, RiderStanding } from './types.ts';

/** Where a rider's clock starts: the scheduled start (rules §3), else when GPS saw them leave the line. */
export interface TimeTrialEntry {
  riderId: string;
  scheduledStart: EpochMs | null;
}

/** What the module needs of the live state beyond the standings: the riders' trails. */
export interface TrailSource {
  /** When a rider first reached a distance; null beyond the head of its trail. */
  timeAt(riderId: string, distance: number): number | null;
  /**
   * How far a rider's trail reaches: where the live state last placed it (its smoothed distance at its last
   * fix). Not its standing distance (the furthest fix), which noise puts metres ahead of the trail about
   * half the time: the rider's own time there is unknown.
   */
  trailHead(riderId: string): number | null;
}

export type TimeTrialPhase = 'waiting' | 'on_course' | 'finished' | 'out';

/**
 * What a time trial's live standing says of whoever races the clock: a rider here, a team in a team time
 * trial (team-time-trial.ts), which says the same of its counting rider.
 */
export interface ClockStanding {
  /** Place in the live order; null while waiting to start or out of the race. */
  rank: number | null;
  phase: TimeTrialPhase;
  start: EpochMs | null;
  /** The last timing point passed (the finish once finished), null before the first. */
  pointId: string | null;
  /** Elapsed time at that point, and behind the best time there. */
  elapsed: Seconds | null;
  gap: Seconds | null;
  /** Whether that time is a timing system's passing rather than a GPS crossing. */
  exact: boolean;
  /**
   * Between points, from GPS: how far behind the reference (the hot seat, else the fastest through the
   * furthest point) at the head of the trail, where the own time is known; negative when ahead.
   */
  virtualGap: Seconds | null;
}

export interface TimeTrialStanding extends ClockStanding {
  riderId: string;
}

/** One time at a split point, ranked among the times there. */
export interface SplitTime {
  elapsed: Seconds;
  rank: number;
  gap: Seconds;
  exact: boolean;
}

export interface SplitRow extends SplitTime {
  riderId: string;
}

/** A split point's times, best first: riders' here, teams' in a team time trial. */
export interface SplitTable<Row extends SplitTime = SplitRow> {
  checkpointId: string;
  rows: Row[];
}

/** The provisional leader: the best time at the finish so far, and since when it stands. */
export interface HotSeatTime {
  elapsed: Seconds;
  /** When the leader finished, taking the seat. */
  since: EpochMs;
}

export interface HotSeat extends HotSeatTime {
  riderId: string;
}

export interface TimeTrialStandings {
  riders: TimeTrialStanding[];
  splits: SplitTable[];
  hotSeat: HotSeat | null;
}

/** The points a time trial is split at: timing points and the finish, in course order. */
export function splitPoints(checkpoints: readonly LiveCheckpoint[]): LiveCheckpoint[] {
  return checkpoints
    .filter((c) => c.kind === 'timing' || c.kind === 'finish')
    .sort((a, b) => a.distance - b.distance);
}

/** A rider a metre past the line has left it: the actual start when none was scheduled. */
const LEFT_THE_LINE = 1;

const OUT: ReadonlySet<RiderCondition> = new Set(['dnf']);

interface Working {
  standing: RiderStanding;
  start: number | null;
  /** Per split point index: elapsed ms and exactness, when passed. */
  times: Array<{ elapsed: number; exact: boolean } | null>;
  last: number;
  phase: TimeTrialPhase;
}

/**
 * The time trial's live standings at `now`. Order: finishers by time; riders on the course by the furthest
 * point passed, then by elapsed time there; riders on the course before the first point by start; then
 * those waiting to start (by start) and those out. `passings` are a timing system's reads (rider → point →
 * epoch ms), which replace GPS at their point.
 */
export function timeTrialStandings(
  now: EpochMs,
  entries: readonly TimeTrialEntry[],
  standings: readonly RiderStanding[],
  checkpoints: readonly LiveCheckpoint[],
  trails: TrailSource,
  passings: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map(),
): TimeTrialStandings {
  const points = splitPoints(checkpoints);
  const byId = new Map(standings.map((s) => [s.riderId, s]));
  const working: Working[] = [];
  for (const entry of entries) {
    const standing = byId.get(entry.riderId);
    if (!standing) continue;
    const start = entry.scheduledStart ?? trails.timeAt(entry.riderId, LEFT_THE_LINE);
    const crossed = new Map(standing.crossings.map((c) => [c.checkpointId, c.time as number]));
    const read = passings.get(entry.riderId);
    const times = points.map((p) => {
      const exact = read?.get(p.id);
      const time = exact ?? crossed.get(p.id);
      if (time === undefined || start === null) return null;
      return { elapsed: time - start, exact: exact !== undefined };
    });
    let last = -1;
    times.forEach((t, k) => {
      if (t) last = k;
    });
    const finishedAt = points.length > 0 && last === points.length - 1;
    const phase: TimeTrialPhase = OUT.has(standing.condition)
      ? 'out'
      : finishedAt
        ? 'finished'
        : start === null || now < start
          ? 'waiting'
          : 'on_course';
    working.push({ standing, start, times, last, phase });
  }

  const best = points.map((_, k) => {
    let min = Number.POSITIVE_INFINITY;
    for (const w of working) {
      const t = w.times[k];
      if (t && w.phase !== 'out' && t.elapsed < min) min = t.elapsed;
    }
    return min;
  });

  const splits: SplitTable[] = points.map((p, k) => {
    const rows = working
      .filter((w) => w.times[k] && w.phase !== 'out')
      .map((w) => ({ riderId: w.standing.riderId, ...w.times[k]! }))
      .sort((a, b) => a.elapsed - b.elapsed || a.riderId.localeCompare(b.riderId));
    return {
      checkpointId: p.id,
      rows: rows.map((r, i) => ({
        riderId: r.riderId,
        elapsed: seconds(r.elapsed / 1000),
        rank: i > 0 && r.elapsed === rows[i - 1]!.elapsed ? -1 : i + 1,
        gap: seconds((r.elapsed - best[k]!) / 1000),
        exact: r.exact,
      })),
    };
  });
  // Equal times share a rank.
  for (const table of splits) {
    table.rows.forEach((row, i) => {
      if (row.rank === -1) row.rank = table.rows[i - 1]!.rank;
    });
  }

  const finishIndex = points.length - 1;
  let hotSeat: HotSeat | null = null;
  let seatRider: Working | null = null;
  for (const w of working) {
    if (w.phase !== 'finished') continue;
    const elapsed = w.times[finishIndex]!.elapsed;
    if (!hotSeat || elapsed < hotSeat.elapsed * 1000) {
      hotSeat = {
        riderId: w.standing.riderId,
        elapsed: seconds(elapsed / 1000),
        since: epochMs(w.start! + elapsed),
      };
      seatRider = w;
    }
  }
  // The reference for the virtual gap: the hot seat, else the fastest through the furthest point passed.
  let reference = seatRider;
  if (!reference) {
    for (const w of working) {
      if (w.last < 0 || w.phase === 'out') continue;
      const t = w.times[w.last]!.elapsed;
      if (
        !reference ||
        w.last > reference.last ||
        (w.last === reference.last && t < reference.times[w.last]!.elapsed)
      )
        reference = w;
    }
  }

  const order = working.slice().sort((a, b) => compareOnTheClock(a, b, (w) => w.standing.riderId));
  const riders: TimeTrialStanding[] = [];
  let rank = 0;
  for (const w of order) {
    const ranked = w.phase === 'on_course' || w.phase === 'finished';
    if (ranked) rank++;
    const at = w.last >= 0 ? w.times[w.last]! : null;
    riders.push({
      riderId: w.standing.riderId,
      rank: ranked ? rank : null,
      phase: w.phase,
      start: w.start === null ? null : epochMs(w.start),
      pointId: at ? points[w.last]!.id : null,
      elapsed: at ? seconds(at.elapsed / 1000) : null,
      gap: at ? seconds((at.elapsed - best[w.last]!) / 1000) : null,
      exact: at?.exact ?? false,
      virtualGap: w.phase === 'on_course' ? virtualGap(w, reference, trails) : null,
    });
  }
  return { riders, splits, hotSeat };
}

const PHASE_ORDER: Record<TimeTrialPhase, number> = { finished: 0, on_course: 1, waiting: 2, out: 3 };

/** What the live order compares of whoever races the clock (a rider, or a team). */
export interface OnTheClock {
  phase: TimeTrialPhase;
  start: number | null;
  /** Index of the furthest split point passed, −1 before the first. */
  last: number;
  /** Per split point: the elapsed ms there, when passed. */
  times: ReadonlyArray<{ elapsed: number } | null>;
}

/**
 * The live order: finishers by time; those on the course by the furthest point passed, then by elapsed
 * time there; then by start (those waiting, those out); `id` (rider or team) breaks ties.
 */
export function compareOnTheClock<W extends OnTheClock>(a: W, b: W, id: (w: W) => string): number {
  const phase = PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase];
  if (phase !== 0) return phase;
  if (a.phase === 'finished' || a.phase === 'on_course') {
    if (a.last !== b.last) return b.last - a.last;
    if (a.last >= 0) {
      const t = a.times[a.last]!.elapsed - b.times[b.last]!.elapsed;
      if (t !== 0) return t;
    }
  }
  return (
    (a.start ?? Number.POSITIVE_INFINITY) - (b.start ?? Number.POSITIVE_INFINITY) ||
    id(a).localeCompare(id(b))
  );
}

/**
 * Where a rider's trail reaches (once past the line) and the rider's elapsed time there: the place its own
 * time is known, which a virtual gap compares at. Its standing distance (the furthest fix) is often metres
 * beyond, where its time is not known.
 */
export function atTrailHead(
  trails: TrailSource,
  riderId: string,
  start: number,
): { distance: number; elapsed: number } | null {
  const distance = trails.trailHead(riderId);
  if (distance === null || !(distance > LEFT_THE_LINE)) return null;
  const time = trails.timeAt(riderId, distance);
  return time === null ? null : { distance, elapsed: time - start };
}

/** Elapsed at the head of the rider's trail, minus the reference's elapsed when it was there. */
function virtualGap(w: Working, reference: Working | null, trails: TrailSource): Seconds | null {
  if (!reference || reference === w || w.start === null || reference.start === null) return null;
  const head = atTrailHead(trails, w.standing.riderId, w.start);
  if (head === null) return null;
  const theirs = trails.timeAt(reference.standing.riderId, head.distance);
  if (theirs === null) return null;
  return seconds((head.elapsed - (theirs - reference.start)) / 1000);
}

import { epochMs, type ReviewItem, type RiderTrackSnapshot, StageState } from '@echelon/domain';
import type { ResultsCourse } from './results-course.ts';

/** A stored fix as the GPS pass reads it. */
export interface PassFix {
  registrationId: string;
  time: number;
  lat: number;
  lon: number;
  accuracy: number | null;
  speed: number | null;
  altitude: number | null;
  battery: number | null;
  /** True for a fix sent as an SOS (it moves nothing the results use, but the track keeps it). */
  sos?: boolean | null;
}

/**
 * One rider's GPS timing as far as their fixes have been read, as plain JSON: the track state the next
 * fix goes on from, how many fixes were read, and for each crossing so far the fixes either side of it
 * (the evidence a result names). `recent` holds the times a later crossing can still lie between.
 */
export interface RiderProgress {
  track: RiderTrackSnapshot;
  fixes: number;
  recent: number[];
  /** Parallel to `track.crossings`: the fix times either side (the one at it, when a fix fell on the line). */
  brackets: number[][];
}

/** What the GPS says of a stage, rider by rider: what stage-timing.ts merges with a timing system's reads. */
export interface GpsTiming {
  readonly startedAt: number;
  /** Every rider's GPS crossings, riders in the standings' order, each rider's in time order. */
  readonly crossings: ReadonlyArray<{ riderId: string; pointId: string; time: number }>;
  /** Riders with at least one fix. */
  readonly seen: ReadonlySet<string>;
  /** Crossings the tracks do not support, in start-list order. */
  readonly reviews: readonly ReviewItem[];
  /** The fixes a rider's GPS crossing at `at` was interpolated between ([] when none is known). */
  fixesAround(riderId: string, at: number): number[];
  /** How many of the rider's fixes were read. */
  fixCount(riderId: string): number;
}

/** The fixes either side of an instant (the one at it, when a fix fell exactly on the line). */
function bracketing(times: readonly number[], at: number): number[] {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  if (times[lo] === at) return [at];
  return [times[lo - 1], times[lo]].filter((t): t is number => t !== undefined);
}

interface Tally {
  fixes: number;
  recent: number[];
  brackets: number[][];
}

/**
 * The results' one GPS rule: every rider's fixes, in time order, through the live state on the results
 * course (stage-timing.ts's course, with its lap lines). A rider may be taken up where a saved
 * `RiderProgress` left off, so a stage's timing is kept up to date while it runs and the finish reads
 * only the fixes since; fed from the start, it is the full recompute. Either way each rider's crossings,
 * reviews and evidence come out of this same code, which is what makes the two agree to the millisecond.
 */
export class GpsPass {
  private readonly state: StageState;
  private readonly startedAt: number;
  private readonly tallies = new Map<string, Tally>();

  constructor(replayed: ResultsCourse, startedAt: number, riderIds: readonly string[]) {
    this.startedAt = startedAt;
    this.state = new StageState(
      replayed.course,
      riderIds.map((riderId) => ({ riderId })),
    );
    this.state.start(epochMs(startedAt));
    for (const id of riderIds) this.tallies.set(id, { fixes: 0, recent: [], brackets: [] });
  }

  /** Takes a rider up where their saved progress left off. */
  resume(riderId: string, progress: RiderProgress): void {
    if (!this.state.restoreRider(progress.track)) return;
    this.tallies.set(riderId, {
      fixes: progress.fixes,
      recent: progress.recent.slice(),
      brackets: progress.brackets.map((b) => b.slice()),
    });
  }

  /** Feeds fixes sorted by time, each rider's after their saved progress; other riders' are ignored. */
  feed(fixes: readonly PassFix[]): void {
    for (const f of fixes) {
      const tally = this.tallies.get(f.registrationId);
      if (!tally) continue;
      const crossings = this.state.crossingsOf(f.registrationId);
      const before = crossings.length;
      this.state.addFix({
        lat: f.lat,
        lon: f.lon,
        accuracy: f.accuracy,
        speed: f.speed,
        altitude: f.altitude,
        battery: f.battery,
        riderId: f.registrationId,
        time: epochMs(f.time),
        ...(f.sos === true && { sos: true }),
      });
      tally.fixes++;
      tally.recent.push(f.time);
      // A crossing is timed between the fixes read so far: no later fix can fall before it.
      for (let k = before; k < crossings.length; k++) {
        tally.brackets.push(bracketing(tally.recent, crossings[k]!.time));
      }
      // No later crossing is earlier than the floor: keep the last fix before it, and those after.
      const floor = this.state.crossingFloor(f.registrationId) ?? this.startedAt;
      let keep = 0;
      while (keep + 1 < tally.recent.length && tally.recent[keep + 1]! < floor) keep++;
      if (keep > 0) tally.recent.splice(0, keep);
    }
  }

  /** A rider's progress as it now stands, to save. */
  progress(riderId: string): RiderProgress | null {
    const track = this.state.riderSnapshot(riderId);
    const tally = this.tallies.get(riderId);
    if (!track || !tally) return null;
    return { track, fixes: tally.fixes, recent: tally.recent.slice(), brackets: tally.brackets };
  }

  /** The stage's GPS timing from every rider's fixes read so far. */
  timing(): GpsTiming {
    let last = this.startedAt;
    for (const id of this.tallies.keys()) {
      const at = this.state.lastFixOf(id);
      if (at !== null && at > last) last = at;
    }
    const seen = new Set<string>();
    const crossings: Array<{ riderId: string; pointId: string; time: number }> = [];
    const brackets = new Map<string, Map<number, number[]>>();
    for (const standing of this.state.standings(epochMs(last + 1)).riders) {
      if (standing.lastFixAt === null) continue;
      seen.add(standing.riderId);
      const tally = this.tallies.get(standing.riderId)!;
      const around = new Map<number, number[]>();
      standing.crossings.forEach((c, k) => {
        crossings.push({ riderId: standing.riderId, pointId: c.checkpointId, time: c.time });
        if (!around.has(c.time)) around.set(c.time, tally.brackets[k] ?? []);
      });
      brackets.set(standing.riderId, around);
    }
    const tallies = this.tallies;
    return {
      startedAt: this.startedAt,
      crossings,
      seen,
      reviews: this.state.reviewItems(),
      fixesAround: (riderId, at) => brackets.get(riderId)?.get(at) ?? [],
      fixCount: (riderId) => tallies.get(riderId)?.fixes ?? 0,
    };
  }
}

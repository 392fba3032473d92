// When the leader passed each place, on the one time base of a tick: what every live gap is measured on
// (rules §6: a time at the same distance). The leader's trail (its fixes) up to its furthest fix, then the
// straight line on to its estimate at the tick over the time it was carried.
//
// Across a silence of the leader's phone (a tunnel, a pocket, a phone off for minutes) the trail is only a
// straight line between the fixes either side, minutes off where the road climbed or fell in between. There
// the leader's companions stand in for it: a rider riding with the leader now (a few seconds behind it at
// the tick), whose own phone reported over that stretch, passed it with the leader give or take the same few
// seconds. Without such a companion the straight line stands.
import type { RiderTrack } from './rider-track.ts';

/** A stretch of trail longer than this (ms) lies across a silence of the phone: not a place to measure on. */
export const SILENCE_MS = 30_000;
/** A companion's offset to the leader is averaged over this many places on the last OFFSET_STRETCH_M… */
const OFFSET_PLACES = 5;
const OFFSET_STRETCH_M = 400;
/** At most this many companions are asked, nearest first. */
const MAX_COMPANIONS = 8;

interface Companion {
  track: RiderTrack;
  /** Seconds behind the leader at the tick, as ms. */
  offsetMs: number;
}

export class LeaderPassage {
  readonly leader: RiderTrack;
  /** The leader's estimated distance at the tick. */
  readonly estimate: number;
  readonly #now: number;
  readonly #carryMs: number;
  readonly #companions: Companion[] = [];

  constructor(leader: RiderTrack, estimate: number, now: number, carryMs: number) {
    this.leader = leader;
    this.estimate = estimate;
    this.#now = now;
    this.#carryMs = carryMs;
  }

  /**
   * A rider riding with the leader, `offsetS` seconds behind it (measured where both were seen, see
   * companionOffset), whose trail may stand in for the leader's across the leader's silences. Nearest
   * (smallest offset) kept first.
   */
  addCompanion(track: RiderTrack, offsetS: number): void {
    if (track === this.leader) return;
    const companion = { track, offsetMs: offsetS * 1000 };
    let k = this.#companions.length;
    while (k > 0 && Math.abs(this.#companions[k - 1]!.offsetMs) > Math.abs(companion.offsetMs)) k--;
    if (k >= MAX_COMPANIONS) return;
    this.#companions.splice(k, 0, companion);
    if (this.#companions.length > MAX_COMPANIONS) this.#companions.pop();
  }

  /** When the leader passed distance `x` (epoch ms); null before its trail begins. */
  timeAt(x: number): number | null {
    const own = this.#ownTimeAt(x);
    const trail = this.leader.trail;
    if (own === null || x > trail.headDistance! || (trail.spanAtDistance(x) ?? 0) <= SILENCE_MS) return own;
    // Each companion's passage and offset carry its phone's noise: the companions who were seen there, averaged.
    let sum = 0;
    let count = 0;
    for (const c of this.#companions) {
      const span = c.track.trail.spanAtDistance(x);
      if (span === null || span > SILENCE_MS) continue;
      const theirs = c.track.trail.timeAt(x);
      if (theirs === null) continue;
      sum += theirs - c.offsetMs;
      count += 1;
    }
    return count > 0 ? sum / count : own;
  }

  #ownTimeAt(x: number): number | null {
    const trail = this.leader.trail;
    const headD = trail.headDistance;
    const headT = trail.headTime;
    if (headD === null || headT === null) return null;
    if (x > headD) {
      const until = headT + Math.min(Math.max(0, this.#now - headT), this.#carryMs);
      if (!(this.estimate > headD) || x >= this.estimate) return until;
      return headT + ((x - headD) / (this.estimate - headD)) * (until - headT);
    }
    return trail.timeAt(x);
  }

  /**
   * When the leader passed `x` by its own trail, where that trail rests on fixes either side a few seconds
   * apart (or beyond its last fix, on its carried estimate); null across a silence or before the trail.
   */
  measuredAt(x: number): number | null {
    const span = this.leader.trail.spanAtDistance(x);
    return span !== null && span > SILENCE_MS ? null : this.#ownTimeAt(x);
  }

  /** Where the leader was at `time` (the inverse of timeAt); null before its trail begins. */
  distanceAt(time: number): number | null {
    const trail = this.leader.trail;
    const headD = trail.headDistance;
    const headT = trail.headTime;
    if (headD === null || headT === null) return null;
    if (time > headT) {
      const until = headT + Math.min(Math.max(0, this.#now - headT), this.#carryMs);
      if (!(this.estimate > headD)) return headD;
      if (time >= until) return this.estimate;
      return headD + ((time - headT) / (until - headT)) * (this.estimate - headD);
    }
    const own = trail.distanceAt(time);
    if (own === null || (trail.spanAtTime(time) ?? 0) <= SILENCE_MS) return own;
    let sum = 0;
    let count = 0;
    for (const c of this.#companions) {
      const at = time + c.offsetMs;
      const span = c.track.trail.spanAtTime(at);
      if (span === null || span > SILENCE_MS) continue;
      const theirs = c.track.trail.distanceAt(at);
      if (theirs === null) continue;
      sum += theirs;
      count += 1;
    }
    return count > 0 ? Math.min(sum / count, this.estimate) : own;
  }
}

/**
 * Seconds `r` rides behind the leader (negative: ahead), measured where both were seen: averaged over a few
 * places on the last OFFSET_STRETCH_M of the leader's trail that `r` has passed too (one place alone
 * carries both phones' noise, a second or two on a climb), else where `r` is at the tick if the leader's
 * trail there rests on fixes. Null when neither holds (the leader was silent where `r` is).
 */
export function companionOffset(
  passage: LeaderPassage,
  r: RiderTrack,
  estimate: number,
  now: number,
): number | null {
  const headD = passage.leader.trail.headDistance;
  if (headD === null) return null;
  let sum = 0;
  let count = 0;
  for (let k = 0; k < OFFSET_PLACES; k++) {
    const x = headD - (k * OFFSET_STRETCH_M) / (OFFSET_PLACES - 1);
    const theirs = r.trail.timeAt(x);
    const leader = theirs === null ? null : passage.measuredAt(x);
    if (theirs === null || leader === null) continue;
    sum += theirs - leader;
    count += 1;
  }
  if (count > 0) return sum / count / 1000;
  const passed = passage.measuredAt(estimate);
  return passed === null ? null : (now - passed) / 1000;
}

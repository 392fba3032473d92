// One time base for the whole field. Phones report on their own clocks, every 1–10 s, with metres of noise
// and silences; comparing one rider's last fix with another's trail mixes instants seconds apart. So the
// live order, gaps and groups all come from one estimate of where every rider is at one instant (the
// tick's): each rider's smoothed position (AlongCourseFilter) carried on at its smoothed speed for at most
// `carryMs` after its last fix. See docs/live-standings.md.
//
// - Racing rider, last fix within carryMs: the estimate moves on with the rider.
// - Last fix older than carryMs (stale): the estimate stops where carrying left it, and the rider keeps
//   being ranked and gapped by it — its gap grows while the race moves on, which is what a spectator can
//   honestly be told; the feed carries the fix's age, so the rider is shown as stale.
// - Never onto the finish line: only a fix finishes a rider.
import type { RiderTrack } from './rider-track.ts';

/** The distance a rider on the road is estimated to have reached at `now`. */
export function estimatePosition(r: RiderTrack, now: number, carryMs: number, limit: number): number {
  if (!r.tracking || !r.motion.started) return r.distance;
  const until = r.motion.time + Math.min(Math.max(0, now - r.motion.time), carryMs);
  return Math.max(0, Math.min(limit, r.motion.at(until)));
}

/**
 * When `r` passed distance `x`, on the same time base: its trail (its fixes) up to its furthest fix, then
 * the straight line on to its estimate (`estimate`, from estimatePosition at `now`) over the time it was
 * carried. Null when `r` has no trail or `x` lies before it.
 */
export function passageTime(
  r: RiderTrack,
  x: number,
  estimate: number,
  now: number,
  carryMs: number,
): number | null {
  const headD = r.trail.headDistance;
  const headT = r.trail.headTime;
  if (headD === null || headT === null) return null;
  if (x <= headD) return r.trail.timeAt(x);
  const until = headT + Math.min(Math.max(0, now - headT), carryMs);
  if (!(estimate > headD) || x >= estimate) return until;
  return headT + ((x - headD) / (estimate - headD)) * (until - headT);
}

/**
 * Seconds `rider` is behind `leader` at `now`: now minus when the leader passed where the rider is now
 * (rules §6: a time at the same distance, never distance ÷ speed). Finishers: the difference of finish
 * times. Never negative. Null when the leader's trail cannot place it (the leader has none yet).
 */
export function gapBehind(
  leader: RiderTrack,
  leaderEstimate: number,
  rider: RiderTrack,
  riderEstimate: number,
  now: number,
  carryMs: number,
): number | null {
  if (rider === leader) return 0;
  if (rider.finishTime !== null) {
    return leader.finishTime === null ? null : Math.max(0, (rider.finishTime - leader.finishTime) / 1000);
  }
  const passed = passageTime(leader, riderEstimate, leaderEstimate, now, carryMs);
  return passed === null ? null : Math.max(0, (now - passed) / 1000);
}

// One time base for the whole field. Phones report on their own clocks, every 1–10 s, with metres of noise
// and silences; comparing one rider's last fix with another's trail mixes instants seconds apart. So the
// live order, gaps and groups all come from one estimate of where every rider is at one instant (the
// tick's). See docs/live-standings.md.
//
// - The leader (furthest on the road): its smoothed position (AlongCourseFilter, fed with positions and the
//   device's own speed) carried on at its smoothed speed for at most `carryMs` after its last fix.
// - Every rider behind: its smoothed position at its last fix, carried on along the leader's own passage
//   over the same road (estimateBehind), for at most `carryMs`.
// - Last fix older than carryMs (stale): the estimate stops where carrying left it, and the rider keeps
//   being ranked and gapped by it — its gap grows while the race moves on, which is what a spectator can
//   honestly be told; the feed carries the fix's age, so the rider is shown as stale.
// - Never onto the finish line: only a fix finishes a rider.
import type { LeaderPassage } from './leader-passage.ts';
import type { RiderTrack } from './rider-track.ts';

/** Below this speed (m/s) a rider is carried at its own speed: stopped, not riding the leader's road. */
const FOLLOW_MIN_SPEED = 1;
/** A rider's pace against the leader's is measured over the last this many metres both rode. */
const PACE_WINDOW = 400;
/** A rider is taken to ride at between 1/MAX_PACE and MAX_PACE times the leader's speed at the same place. */
const MAX_PACE = 2;

/** The distance a rider on the road is estimated to have reached at `now`, carried at its own speed. */
export function estimatePosition(r: RiderTrack, now: number, carryMs: number, limit: number): number {
  if (!r.tracking || !r.motion.started) return r.distance;
  const until = r.motion.time + Math.min(Math.max(0, now - r.motion.time), carryMs);
  return Math.max(0, Math.min(limit, r.motion.at(until)));
}

/**
 * Where a rider behind the leader is at `now`: its smoothed position at its last fix, carried on over the
 * road ahead the way the leader rode it there, scaled by the rider's own pace. Riders on one road slow on
 * its climbs and speed up on its descents at the same places, so the leader's passage tells how a rider
 * fares over the metres since its last fix; carrying at the rider's speed at that fix misses a slope met
 * since (30 m in 8 s at the foot of a climb). The rider rides at its speed at the fix over the leader's
 * speed there, times the leader's speed further on. Carried for at most `carryMs`, like
 * estimatePosition; never past the leader. Null when the leader's passage cannot place the rider, or the
 * rider has stopped: then it is carried at its own speed.
 */
export function estimateBehind(
  r: RiderTrack,
  leader: LeaderPassage,
  now: number,
  carryMs: number,
  limit: number,
): number | null {
  if (!r.tracking || !r.motion.started) return null;
  const x = r.motion.distance;
  const carried = Math.min(Math.max(0, now - r.motion.time), carryMs);
  if (carried === 0 || r.motion.speed < FOLLOW_MIN_SPEED) return null;
  const passed = leader.timeAt(x);
  if (passed === null) return null;
  const memo = r.paceMemo;
  if (memo.at !== r.motion.time || memo.leader !== leader.leader) {
    memo.at = r.motion.time;
    memo.leader = leader.leader;
    memo.pace = paceAgainst(r, leader, Math.min(x, r.trail.headDistance ?? x));
  }
  const pace = memo.pace;
  const reached = leader.distanceAt(passed + carried * pace);
  return reached === null ? null : Math.max(0, Math.min(limit, leader.estimate, reached));
}

/**
 * Seconds `rider` is behind the leader at `now`: now minus when the leader passed where the rider is now
 * (rules §6: a time at the same distance, never distance ÷ speed). Finishers: the difference of finish
 * times. Never negative. Null when the leader's passage cannot place it (the leader has no trail yet).
 */
export function gapBehind(
  leader: LeaderPassage,
  rider: RiderTrack,
  riderEstimate: number,
  now: number,
): number | null {
  if (rider === leader.leader) return 0;
  if (rider.finishTime !== null) {
    const first = leader.leader.finishTime;
    return first === null ? null : Math.max(0, (rider.finishTime - first) / 1000);
  }
  const passed = leader.timeAt(riderEstimate);
  return passed === null ? null : Math.max(0, (now - passed) / 1000);
}

/**
 * How fast `r` rides the road against the leader: the leader's time over the last PACE_WINDOW metres `r`
 * rode before `x`, over the rider's own time there. Both rode the same metres, so a climb or a descent
 * weighs the same on both; measured on a few hundred metres, it is not thrown by a slope that begins at `x`
 * (which a speed at `x` against the leader's speed around `x` would be). 1 where either trail is short.
 */
function paceAgainst(r: RiderTrack, leader: LeaderPassage, x: number): number {
  const from = x - PACE_WINDOW;
  if (from < 0) return 1;
  const mine0 = r.trail.timeAt(from);
  const mine1 = r.trail.timeAt(x);
  const theirs0 = leader.timeAt(from);
  const theirs1 = leader.timeAt(x);
  if (mine0 === null || mine1 === null || theirs0 === null || theirs1 === null) return 1;
  if (!(mine1 > mine0) || !(theirs1 > theirs0)) return 1;
  return Math.min(MAX_PACE, Math.max(1 / MAX_PACE, (theirs1 - theirs0) / (mine1 - mine0)));
}

// The one rule for how long a rider is carried on after their last fix, shared by the server's live order
// (time-base.ts, through `extrapolateMs`) and the web app's map, leaderboard and stale marks, so the dot on
// the map and the line in the standings never disagree about where a rider is or whether they are stale.
// Phones report every 1–10 s and miss a fix or two, so a fix up to 30 s old still places a rider to a few
// metres in a bunch; older than that the rider is stale and stays where the carry left them.

/** A rider is carried on at their speed for at most this long after their last fix, then is stale. */
export const CARRY_AFTER_FIX_MS = 30_000;

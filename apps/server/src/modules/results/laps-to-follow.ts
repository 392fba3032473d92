/** Formats whose lap count is fixed during the race from a target duration (rules §4), not beforehand. */
const RACED_ON_TIME = new Set(['cyclocross', 'mtb']);

export interface LapsToFollowInput {
  format: string;
  targetMinutes: number | null;
  /** The course's laps: the stage's lap count. */
  lapCount: number;
  lapLength: number;
  isCircuit: boolean;
}

/**
 * How many laps the results follow riders for: the course's, except in a cyclocross or MTB race on
 * time, whose lap count comes from the leader's first laps and may exceed the stage's. There riders are
 * followed for as many laps as the target could hold at the fastest a rider can go (`maxSpeed`, m/s),
 * so GPS never stops counting before the race does; laps past the race's own count are ignored by it.
 */
export function lapsToFollow(input: LapsToFollowInput, maxSpeed: number): number {
  const { format, targetMinutes, lapCount, lapLength, isCircuit } = input;
  if (!RACED_ON_TIME.has(format) || targetMinutes === null || !isCircuit || !(lapLength > 0)) return lapCount;
  return Math.max(lapCount, Math.ceil((targetMinutes * 60 * maxSpeed) / lapLength));
}

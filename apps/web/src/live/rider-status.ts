// The subpath, not the package: the live page must not load the rest of the domain (geodesy, simplify).
import { CARRY_AFTER_FIX_MS } from '@echelon/domain/carry';
import type { LiveRider } from '../api/types.ts';
import { estimatedDistance } from './feed-state.ts';

/**
 * A rider whose last fix is older than this looks stale: greyed, "last seen … ago". It is when the server
 * stops carrying the rider on (`CARRY_AFTER_FIX_MS`), and when the map stops moving the dot.
 */
export const STALE_AFTER_S = CARRY_AFTER_FIX_MS / 1000;

/** Seconds since the rider's last fix at event time `now`, or null with no fix yet. */
export function fixAge(rider: Pick<LiveRider, 'fix'>, now: number): number | null {
  if (rider.fix === null) return null;
  return Math.max(0, (now - rider.fix) / 1000);
}

/** Riders whose position is still expected to move; finished, out and not started riders are not. */
function expectsFixes(rider: Pick<LiveRider, 'cond'>): boolean {
  return rider.cond !== 'finished' && rider.cond !== 'dnf' && rider.cond !== 'not_started';
}

/** The last fix is too old to trust the position: the rider is drawn and listed as stale. */
export function isStale(rider: Pick<LiveRider, 'fix' | 'cond'>, now: number): boolean {
  if (!expectsFixes(rider)) return false;
  const age = fixAge(rider, now);
  return age === null ? rider.cond !== 'racing' : age > STALE_AFTER_S;
}

/** An SOS this recent is shown beside the rider (as the word "SOS", whatever the condition). */
export const SOS_SHOWN_MS = 30 * 60_000;

/** Whether the rider sent an SOS in the last SOS_SHOWN_MS before `now` (a slightly future one counts). */
export function hasRecentSos(rider: Pick<LiveRider, 'sos'>, now: number): boolean {
  return rider.sos !== null && rider.sos !== undefined && now - rider.sos <= SOS_SHOWN_MS;
}

export type RiderBadge = 'signal_lost' | 'stopped' | 'off_course' | 'finished' | 'dnf' | 'not_started';

/** Conditions shown as words next to a rider (never by colour alone). Racing riders have none. */
export function riderBadge(rider: Pick<LiveRider, 'cond'>): RiderBadge | null {
  return rider.cond === 'racing' ? null : rider.cond;
}

/** Below this speed (km/h) a rider's ETA is not extrapolated: they are not really riding. */
const MIN_ETA_SPEED = 3;

/**
 * Expected finish (epoch ms): the finish time for finishers, none for riders out; for a rider riding,
 * the distance left (carried on from the last fix, as the map draws it) at the current speed; else the
 * server's estimate from the snapshot.
 */
export function riderEta(rider: LiveRider, now: number, length: number): number | null {
  if (rider.cond === 'finished') return rider.fin;
  if (rider.cond === 'dnf') return null;
  if (rider.cond === 'racing' && rider.v !== null && rider.v >= MIN_ETA_SPEED) {
    const togo = length > 0 ? Math.max(0, length - estimatedDistance(rider, now)) : rider.togo;
    return now + (togo / (rider.v / 3.6)) * 1000;
  }
  return rider.eta;
}

/** Distance still to ride, carried on from the last fix like the map. */
export function riderTogo(rider: LiveRider, now: number, length: number): number {
  if (rider.cond === 'finished') return 0;
  if (length <= 0) return rider.togo;
  return Math.max(0, length - estimatedDistance(rider, now));
}

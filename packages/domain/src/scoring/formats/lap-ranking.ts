// The ranking every lap race shares (rules §4): classified riders by laps completed, most first, then by the
// time they completed their last lap; riders with fewer laps than the leader are shown "−n laps".
import { type ResultStatus, statusOrder } from '../types.ts';
import { competitionRanking } from './types.ts';

export interface LapEntry {
  riderId: string;
  status: ResultStatus;
  /** Laps counted for the ranking. */
  laps: number;
  /** When the rider completed the last counted lap (race clock, seconds); null when never. */
  time: number | null;
  /**
   * Secondary order inside a status when laps are equal, lower first (e.g. pull order for PUL). Defaults to
   * `time`.
   */
  order?: number;
}

export interface LapLine {
  riderId: string;
  /** Competition place; null for statuses that are listed but not placed (DNF, DSQ, DNS, OTL, NP). */
  place: number | null;
  status: ResultStatus;
  laps: number;
  /** Laps behind the leader (0 on the lead lap). */
  lapsDown: number;
  /** "−2 laps", "−1 lap" or "" on the lead lap. */
  lapsDownLabel: string;
  time: number | null;
}

/** "−n laps" (rules §4), empty on the lead lap. */
export function lapsDownLabel(lapsDown: number): string {
  if (lapsDown <= 0) return '';
  return `−${lapsDown} ${lapsDown === 1 ? 'lap' : 'laps'}`;
}

const PLACED: ReadonlySet<ResultStatus> = new Set(['finisher', 'PUL']);

function key(entry: LapEntry): number {
  return entry.order ?? entry.time ?? Number.POSITIVE_INFINITY;
}

/**
 * Status first (§0 order), then laps (most first), then `order`/time (earliest first); riders level on all
 * of these keep the order given (the timing system's), never an internal id's. Finishers and pulled riders are placed; the rest are listed unplaced.
 * A lapped rider who crosses the line just behind the winner is still behind every lead-lap rider.
 */
export function rankByLaps(entries: readonly LapEntry[]): LapLine[] {
  const sorted = [...entries].sort(
    (a, b) => statusOrder(a.status) - statusOrder(b.status) || b.laps - a.laps || key(a) - key(b),
  );
  const leaderLaps = Math.max(0, ...entries.filter((e) => PLACED.has(e.status)).map((e) => e.laps));
  const placed = sorted.filter((e) => PLACED.has(e.status));
  const ranked = competitionRanking(
    placed,
    (a, b) => a.status === b.status && a.laps === b.laps && key(a) === key(b),
  );
  const places = new Map(ranked.map(({ place, entry }) => [entry.riderId, place]));
  return sorted.map((e) => {
    const lapsDown = PLACED.has(e.status) ? leaderLaps - e.laps : 0;
    return {
      riderId: e.riderId,
      place: places.get(e.riderId) ?? null,
      status: e.status,
      laps: e.laps,
      lapsDown,
      lapsDownLabel: lapsDownLabel(lapsDown),
      time: e.time,
    };
  });
}

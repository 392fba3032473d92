// Criterium (rules §4): everyone finishes on the leader's final lap; lapped riders rank behind every lead-lap
// rider, shown "−n laps". A rider who loses laps to a recognised mishap (crash, puncture, mechanical) gets
// them back — the "free lap" — unless it happened in the final kilometres.
import { type LapLine, rankByLaps } from './lap-ranking.ts';
import type { ResultStatus } from './types.ts';

export interface CriteriumConfig {
  /**
   * No free lap for a mishap this close to the finish, in metres (§4: "not in the final 8 km", configurable).
   * Default 8000.
   */
  freeLapCutoff?: number;
}

export const DEFAULT_FREE_LAP_CUTOFF = 8000;

export interface CriteriumMishap {
  /** Laps the rider lost while being helped back in (the laps a free lap would give back). */
  lapsLost: number;
  /** Distance still to race, in metres, when the mishap happened. */
  distanceToGo: number;
  /** Recognised by the commissaires (only recognised mishaps earn a free lap). */
  recognised: boolean;
}

export interface CriteriumRider {
  riderId: string;
  status?: ResultStatus;
  /** Laps actually completed. */
  laps: number;
  /** Finish crossing time (race clock, seconds); null when not finished. */
  finish: number | null;
  mishaps?: readonly CriteriumMishap[];
}

/** Laps given back for the rider's mishaps: recognised ones further than the cutoff from the finish. */
export function freeLaps(mishaps: readonly CriteriumMishap[], config: CriteriumConfig = {}): number {
  const cutoff = config.freeLapCutoff ?? DEFAULT_FREE_LAP_CUTOFF;
  return mishaps
    .filter((m) => m.recognised && m.distanceToGo > cutoff)
    .reduce((sum, m) => sum + m.lapsLost, 0);
}

/** Criterium result: laps (free laps credited), then finish crossing; lapped riders "−n laps". */
export function criteriumResult(riders: readonly CriteriumRider[], config: CriteriumConfig = {}): LapLine[] {
  return rankByLaps(
    riders.map((r) => ({
      riderId: r.riderId,
      status: r.status ?? (r.finish === null ? 'DNF' : 'finisher'),
      laps: r.laps + freeLaps(r.mishaps ?? [], config),
      time: r.finish,
    })),
  );
}

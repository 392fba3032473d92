import type { LiveRider } from '../api/types.ts';
import { hasRecentSos } from '../live/rider-status.ts';

/** Conditions race control must act on; SOS comes from trackers that send it (see the ingest contract). */
export type AlertCondition = 'signal_lost' | 'stopped' | 'off_course' | 'sos';
const ALERTING: readonly string[] = ['signal_lost', 'stopped', 'off_course'];

export interface MonitorRow {
  id: string;
  bib: number;
  name: string;
  condition: LiveRider['cond'] | 'sos';
  /** Seconds since the last fix at `now`, or null when the tracker was never heard. */
  age: number | null;
  battery: number | null;
  accuracy: number | null;
  distance: number;
}

/**
 * The feed's riders as monitor rows, by bib; an SOS in the last 30 minutes (`sos`, see hasRecentSos)
 * outranks whatever condition the feed derived.
 */
export function monitorRows(riders: ReadonlyArray<LiveRider | undefined>, now: number): MonitorRow[] {
  const rows: MonitorRow[] = [];
  for (const rider of riders) {
    if (!rider) continue;
    rows.push({
      id: rider.id,
      bib: rider.bib,
      name: rider.name,
      condition: hasRecentSos(rider, now) ? 'sos' : rider.cond,
      age: rider.fix === null ? null : Math.max(0, Math.round((now - rider.fix) / 1000)),
      battery: rider.batt,
      accuracy: rider.acc,
      distance: rider.d,
    });
  }
  return rows.sort((a, b) => a.bib - b.bib);
}

export function isAlert(condition: MonitorRow['condition']): condition is AlertCondition {
  return condition === 'sos' || ALERTING.includes(condition);
}

/**
 * Alerts that are new since the previous look: a rider entering an alerting condition (or changing to
 * another one) raises one; staying in it does not, so the beep does not repeat every second.
 */
export function newAlerts(
  previous: ReadonlyMap<string, MonitorRow['condition']>,
  rows: readonly MonitorRow[],
): MonitorRow[] {
  return rows.filter((row) => isAlert(row.condition) && previous.get(row.id) !== row.condition);
}

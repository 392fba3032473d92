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
 * The feed's riders as monitor rows, by bib; an SOS in the last 30 minutes (see hasRecentSos) outranks
 * whatever condition the feed derived. SOS times come from race control's own list (`sosAt`, rider id →
 * latest SOS, from GET /races/{id}/sos): the public feed never carries them.
 */
export function monitorRows(
  riders: ReadonlyArray<LiveRider | undefined>,
  now: number,
  sosAt: ReadonlyMap<string, number> = new Map(),
): MonitorRow[] {
  const rows: MonitorRow[] = [];
  for (const rider of riders) {
    if (!rider) continue;
    const sos = sosAt.get(rider.id) ?? rider.sos;
    rows.push({
      id: rider.id,
      bib: rider.bib,
      name: rider.name,
      condition: hasRecentSos({ sos }, now) ? 'sos' : rider.cond,
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

/** Each rider's latest SOS (rider id → epoch ms) from race control's SOS list. */
export function latestSos(
  alerts: ReadonlyArray<{ registrationId: string; time: number }>,
): Map<string, number> {
  const latest = new Map<string, number>();
  for (const a of alerts)
    latest.set(a.registrationId, Math.max(a.time, latest.get(a.registrationId) ?? a.time));
  return latest;
}

/** The replay's clock as plain functions: speeds, stepping, and the shareable `?t=` moment. */

/** Replay speeds on offer: race seconds per wall-clock second. */
export const REPLAY_SPEEDS = [1, 10, 30, 60, 120] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface TimeRange {
  start: number;
  end: number;
}

export function clampTime(t: number, range: TimeRange): number {
  return Math.min(range.end, Math.max(range.start, t));
}

/**
 * The replay time after `wallMs` of playing at `speed`; `ended` once it reaches the end, where it stays.
 */
export function advance(
  t: number,
  wallMs: number,
  speed: number,
  range: TimeRange,
): { t: number; ended: boolean } {
  const next = clampTime(t + Math.max(0, wallMs) * speed, range);
  return { t: next, ended: next >= range.end };
}

/** A `?t=<epoch ms>` value as a replay time inside the range; null when absent or not a number. */
export function parseTimeParam(value: string | null, range: TimeRange): number | null {
  if (value === null || value.trim() === '') return null;
  const t = Number(value);
  if (!Number.isFinite(t)) return null;
  return clampTime(Math.round(t), range);
}

export function parseSpeed(value: string | null): ReplaySpeed | null {
  const n = Number(value);
  return (REPLAY_SPEEDS as readonly number[]).includes(n) ? (n as ReplaySpeed) : null;
}

import type { SosAlarm } from '../../live/bus.ts';
import type { IncomingFix } from './ingest.service.ts';

const finite = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * An SOS whose fix was refused as a position, as race control gets it: the tracker's own time unless
 * that time cannot be (not a time, or further ahead than ingest allows: then when it was received),
 * and the position it claimed when that is at least a place on Earth, for whoever goes to look.
 */
export function refusedSos(
  raw: IncomingFix,
  reason: string,
  receivedAt: number,
  maxFutureMs: number,
): SosAlarm {
  const time = finite(raw.time) && raw.time - receivedAt <= maxFutureMs ? raw.time : receivedAt;
  const placed =
    finite(raw.lat) &&
    finite(raw.lon) &&
    Math.abs(raw.lat) <= 90 &&
    Math.abs(raw.lon) <= 180 &&
    !(raw.lat === 0 && raw.lon === 0);
  const accuracy = finite(raw.accuracy) && raw.accuracy >= 0 ? raw.accuracy : null;
  return {
    time: Math.round(time),
    lat: placed ? raw.lat! : null,
    lon: placed ? raw.lon! : null,
    accuracy,
    positionRefused: reason,
  };
}

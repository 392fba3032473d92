import type { IngestResult } from '@echelon/contracts';
import { NativeFix, readingsInRange } from '@echelon/contracts';
import type { IncomingFix } from './ingest.service.ts';

/**
 * Reads the fixes of a native batch one by one: a malformed fix is reported by its index and the
 * others go on, so one bad fix never drops the good ones beside it.
 */
export function readNativeFixes(raw: unknown[]): {
  fixes: IncomingFix[];
  indexes: number[];
  rejected: IngestResult['rejected'];
} {
  const fixes: IncomingFix[] = [];
  const indexes: number[] = [];
  const rejected: IngestResult['rejected'] = [];
  raw.forEach((item, index) => {
    // The common fix (numeric time, readings in range) is read by hand; only the others meet zod, which
    // takes ISO times and words the problem of a bad fix.
    if (plainNativeFix(item)) {
      fixes.push({
        time: item.time,
        lat: item.lat,
        lon: item.lon,
        accuracy: item.accuracy ?? null,
        speed: item.speed ?? null,
        altitude: item.altitude ?? null,
        heading: item.heading ?? null,
        battery: item.battery ?? null,
        sos: item.sos ?? false,
      });
      indexes.push(index);
      return;
    }
    const parsed = NativeFix.safeParse(item);
    if (!parsed.success) {
      // An SOS is never dropped: its readings go on to ingest, which refuses the position for the same
      // reason and still raises, stores and acknowledges the alarm.
      const alarm = sosReadings(item);
      if (alarm) {
        fixes.push(alarm);
        indexes.push(index);
        return;
      }
      const issue = parsed.error.issues[0]!;
      rejected.push({ index, reason: `${issue.path.join('.') || 'fix'}: ${issue.message}` });
      return;
    }
    const f = parsed.data;
    fixes.push({
      time: typeof f.time === 'number' ? f.time : Date.parse(f.time),
      lat: f.lat,
      lon: f.lon,
      accuracy: f.accuracy ?? null,
      speed: f.speed ?? null,
      altitude: f.altitude ?? null,
      heading: f.heading ?? null,
      battery: f.battery ?? null,
      sos: f.sos ?? false,
    });
    indexes.push(index);
  });
  return { fixes, indexes, rejected };
}

type PlainFix = Omit<NativeFix, 'time'> & { time: number };

/** What NativeFix accepts with a numeric time, checked by hand (FixReadings' ranges, `sos` a boolean). */
function plainNativeFix(item: unknown): item is PlainFix {
  return readingsInRange(item) && isOptionalBoolean((item as { sos?: unknown }).sos);
}

const isOptionalBoolean = (value: unknown) => value === undefined || typeof value === 'boolean';

const reading = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** A malformed fix that carries an SOS, as whatever readings it has (numbers only); null without an SOS. */
function sosReadings(item: unknown): IncomingFix | null {
  if (typeof item !== 'object' || item === null || (item as { sos?: unknown }).sos !== true) return null;
  const f = item as Record<string, unknown>;
  const time = typeof f.time === 'string' ? Date.parse(f.time) : reading(f.time);
  return {
    time: time !== null && Number.isFinite(time) ? time : null,
    lat: reading(f.lat),
    lon: reading(f.lon),
    accuracy: reading(f.accuracy),
    speed: reading(f.speed),
    altitude: reading(f.altitude),
    heading: reading(f.heading),
    battery: reading(f.battery),
    sos: true,
  };
}

/** Maps the ingest result of the parsed fixes back onto the indexes of the original batch. */
export function mergeResults(
  result: IngestResult,
  indexes: number[],
  rejectedEarly: IngestResult['rejected'],
): IngestResult {
  // The usual answer: every fix read, and the parsed fixes are the batch's own in order.
  if (rejectedEarly.length === 0 && indexes.every((original, i) => original === i)) return result;
  const rejected = [
    ...rejectedEarly,
    ...result.rejected.map((r) => ({ index: indexes[r.index] ?? r.index, reason: r.reason })),
  ].sort((a, b) => a.index - b.index);
  const sos = result.sos?.map((s) => ({ ...s, index: indexes[s.index] ?? s.index }));
  return { accepted: result.accepted, duplicates: result.duplicates, rejected, ...(sos && { sos }) };
}

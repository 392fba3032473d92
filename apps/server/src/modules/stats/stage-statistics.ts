import type { Crossing, LiveCheckpoint } from '@echelon/domain';
import { kmh, round } from '../replay/splits.ts';
import type { ResultLine } from './race-results.ts';

/** Bucket widths a person reads easily, seconds: the smallest that fits the spread in MAX_BUCKETS wins. */
const BUCKET_WIDTHS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400];
const MAX_BUCKETS = 12;

export interface Histogram {
  bucketSeconds: number;
  buckets: Array<{ from: number; to: number; count: number }>;
}

/** Finish times in even buckets from the fastest one's, every bucket in between shown (even empty). */
export function histogram(times: readonly number[]): Histogram {
  if (times.length === 0) return { bucketSeconds: BUCKET_WIDTHS[0]!, buckets: [] };
  const min = Math.min(...times);
  const max = Math.max(...times);
  const width =
    BUCKET_WIDTHS.find((w) => Math.floor(max / w) - Math.floor(min / w) + 1 <= MAX_BUCKETS) ??
    BUCKET_WIDTHS.at(-1)!;
  const first = Math.floor(min / width);
  const buckets = Array.from({ length: Math.floor(max / width) - first + 1 }, (_, k) => ({
    from: (first + k) * width,
    to: (first + k + 1) * width,
    count: 0,
  }));
  for (const t of times) buckets[Math.floor(t / width) - first]!.count++;
  return { bucketSeconds: width, buckets };
}

export interface RiderRef {
  registrationId: string;
  bib: number;
  name: string;
}

export interface SegmentRecord {
  from: { checkpointId: string; name: string };
  to: { checkpointId: string; name: string };
  distance: number;
  rider: RiderRef;
  seconds: number;
  speed: number;
}

/**
 * The fastest ride of each stretch between consecutive checkpoints (start → sprint → … → finish), from
 * every rider's crossings; a stretch nobody rode from end to end is left out.
 */
export function fastestSegments(
  checkpoints: readonly LiveCheckpoint[],
  crossings: ReadonlyMap<string, readonly Crossing[]>,
  riders: ReadonlyMap<string, RiderRef>,
): SegmentRecord[] {
  const ordered = [...checkpoints].sort((a, b) => a.distance - b.distance);
  const at = new Map(
    [...crossings].map(([id, list]) => [id, new Map(list.map((c) => [c.checkpointId, c.time]))]),
  );
  const out: SegmentRecord[] = [];
  for (let k = 1; k < ordered.length; k++) {
    const from = ordered[k - 1]!;
    const to = ordered[k]!;
    const distance = to.distance - from.distance;
    if (distance <= 0) continue;
    let best: { id: string; seconds: number } | null = null;
    for (const [id, times] of at) {
      const a = times.get(from.id);
      const b = times.get(to.id);
      if (a === undefined || b === undefined || b <= a || !riders.has(id)) continue;
      const seconds = (b - a) / 1000;
      if (!best || seconds < best.seconds) best = { id, seconds };
    }
    if (!best) continue;
    out.push({
      from: { checkpointId: from.id, name: from.name },
      to: { checkpointId: to.id, name: to.name },
      distance: Math.round(distance),
      rider: riders.get(best.id)!,
      seconds: round(best.seconds, 1),
      speed: round(kmh(distance, best.seconds), 1),
    });
  }
  return out;
}

const count = (lines: readonly ResultLine[], status: string) =>
  lines.filter((l) => l.status === status).length;

/** Counts, times and speeds of one stage's results; speeds need the course's length. */
export function stageFigures(lines: readonly ResultLine[], length: number | null) {
  const finishers = lines.filter((l) => l.status === null && l.time !== null);
  const starters = lines.filter((l) => l.status !== 'DNS').length;
  const dnf = count(lines, 'DNF');
  const speeds =
    length === null
      ? []
      : finishers
          .filter((l) => (l.actualTime ?? 0) > 0)
          .map((l) => ({ line: l, speed: kmh(length, l.actualTime!) }));
  const fastest = speeds.reduce<(typeof speeds)[number] | null>(
    (best, s) => (best === null || s.speed > best.speed ? s : best),
    null,
  );
  const winner = finishers.find((l) => l.rank === 1) ?? null;
  return {
    starters,
    finishers: finishers.length,
    dnf,
    dns: count(lines, 'DNS'),
    dsq: count(lines, 'DSQ'),
    otl: count(lines, 'OTL'),
    dnfRate: starters === 0 ? null : round(dnf / starters, 4),
    winnerTime: winner?.time ?? null,
    averageSpeed:
      speeds.length === 0 ? null : round(speeds.reduce((sum, s) => sum + s.speed, 0) / speeds.length, 1),
    fastest:
      fastest === null
        ? null
        : {
            registrationId: fastest.line.registrationId,
            bib: fastest.line.bib,
            name: fastest.line.name,
            speed: round(fastest.speed, 1),
            time: fastest.line.actualTime!,
          },
    histogram: histogram(finishers.map((l) => l.time!)),
  };
}

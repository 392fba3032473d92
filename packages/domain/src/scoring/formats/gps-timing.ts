// Timing from GPS and from timing systems (rules §6) for scoring. The crossing and gap arithmetic is the live
// processor's own (live/crossings.ts, live/gaps.ts, live/trail.ts): scoring and live tracking share one
// implementation, so an official time never disagrees with what spectators were shown. What is new here is
// the merge: a timing-system passing overrides the GPS crossing of the same rider at the same point.
import { interpolateCrossing } from '../../live/crossings.ts';
import { timeBehind } from '../../live/gaps.ts';
import { RiderTrack } from '../../live/rider-track.ts';
import { DEFAULT_LIVE_SETTINGS } from '../../live/settings.ts';
import type { EpochMs } from '../../units.ts';
import { compareIds } from './types.ts';

/** A rider at a distance along the course (metres) at a time (any one clock, e.g. seconds or epoch ms). */
export interface TimedDistance {
  time: number;
  distance: number;
}

/**
 * When a rider crossed the line at `line` metres, between the two fixes that straddle it. Scenario 27: fixes
 * at 100 s, 40 m before the line, and 105 s, 15 m after → 103.636 s.
 */
export function gpsCrossingTime(before: TimedDistance, after: TimedDistance, line: number): number {
  return interpolateCrossing(before.time, before.distance, after.time, after.distance, line);
}

/**
 * A live rider track built from timed distances (epoch ms, metres; time increasing, distance not
 * decreasing), e.g. recorded passings or a replayed trail, so the live gap code can measure it.
 */
export function trackFromDistances(
  riderId: string,
  samples: readonly { time: EpochMs; distance: number }[],
): RiderTrack {
  const track = new RiderTrack(riderId, DEFAULT_LIVE_SETTINGS);
  for (const s of samples) {
    track.trail.push(s.time, s.distance);
    track.distance = Math.max(track.distance, s.distance);
  }
  track.tracking = samples.length > 0;
  return track;
}

/**
 * Seconds `rider` is behind `ahead` at the rider's distance: when the rider got there minus when `ahead` did
 * (never distance ÷ speed). Scenario 28: leader at 85 km at 10:00:00, chaser at 10:02:15 → 135 s (2:15).
 */
export function gapAtSameDistance(ahead: RiderTrack, rider: RiderTrack): number | null {
  return timeBehind(ahead, rider);
}

/** A read from a timing system (mat or loop): the rider is known by bib or by transponder (chip) id. */
export interface TimingPassing {
  bib?: string | null;
  chip?: string | null;
  pointId: string;
  time: EpochMs;
}

/** A crossing of a timing point derived from GPS. */
export interface GpsCrossing {
  riderId: string;
  pointId: string;
  time: EpochMs;
}

export interface RiderIdentity {
  riderId: string;
  bib?: string | null;
  chips?: readonly string[];
}

export interface PointCrossing {
  riderId: string;
  pointId: string;
  time: EpochMs;
  source: 'timing' | 'gps';
}

export interface MergeConfig {
  /**
   * Milliseconds to take off every passing: the transponder sits behind the front wheel's leading edge, the
   * official reference (§6). Default 0 (the timing system already corrects).
   */
  transponderCorrectionMs?: number;
}

export interface MergedCrossings {
  /** Sorted by time, then rider, then point. */
  crossings: PointCrossing[];
  /** Passings whose bib or chip matches no rider: reported, never guessed. */
  unmatched: TimingPassing[];
}

/**
 * Timing-system passings override GPS crossings at a point (§6): for each rider and point, if the timing
 * system has any passing there, those passings are used and the GPS crossings there dropped (all of them, so
 * a lap race with a loop on the line uses the loop for every lap); otherwise the GPS crossings stand. A
 * passing is matched by chip first (the transponder is the timing system's own id), then by bib.
 */
export function mergeCrossings(
  gps: readonly GpsCrossing[],
  passings: readonly TimingPassing[],
  riders: readonly RiderIdentity[],
  config: MergeConfig = {},
): MergedCrossings {
  const byChip = new Map<string, string>();
  const byBib = new Map<string, string>();
  for (const r of riders) {
    if (r.bib != null) byBib.set(r.bib, r.riderId);
    for (const chip of r.chips ?? []) byChip.set(chip, r.riderId);
  }
  const correction = config.transponderCorrectionMs ?? 0;
  const key = (riderId: string, pointId: string) => JSON.stringify([riderId, pointId]);
  const timed = new Set<string>();
  const crossings: PointCrossing[] = [];
  const unmatched: TimingPassing[] = [];
  for (const p of passings) {
    const riderId =
      (p.chip != null ? byChip.get(p.chip) : undefined) ?? (p.bib != null ? byBib.get(p.bib) : undefined);
    if (riderId === undefined) {
      unmatched.push(p);
      continue;
    }
    timed.add(key(riderId, p.pointId));
    crossings.push({ riderId, pointId: p.pointId, time: (p.time - correction) as EpochMs, source: 'timing' });
  }
  for (const c of gps) {
    if (!timed.has(key(c.riderId, c.pointId))) crossings.push({ ...c, source: 'gps' });
  }
  crossings.sort(
    (a, b) => a.time - b.time || compareIds(a.riderId, b.riderId) || compareIds(a.pointId, b.pointId),
  );
  return { crossings, unmatched };
}

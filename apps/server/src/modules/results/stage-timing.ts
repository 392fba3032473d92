import { type EpochMs, epochMs, type ReviewItem, scoring } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import { GpsPass, type GpsTiming } from './gps-pass.ts';
import { type ResultsCourse, resultsCourseOf } from './results-course.ts';

export interface StoredFix {
  registrationId: string;
  time: number;
  lat: number;
  lon: number;
  accuracy: number | null;
  speed: number | null;
  altitude: number | null;
  battery: number | null;
}

export interface StoredPassing {
  registrationId: string;
  checkpointId: string;
  time: number;
}

/**
 * What was recorded on a stage, rider by rider: when they crossed each timing point (every pass, in
 * order, so a line on a circuit has one time per lap), whether a timing system timed them there, and
 * whether they were seen at all (fixes or passings).
 */
export interface StageTiming {
  /** The stage's actual start (epoch ms): the mass start, and the gun of a gran fondo's first wave. */
  readonly startedAt: number;
  /** Rider → point → crossing times (epoch ms), earliest first. */
  readonly crossings: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
  /** Rider → points a timing system timed them at (its reads replaced GPS there). */
  readonly timed: ReadonlyMap<string, ReadonlySet<string>>;
  readonly seen: ReadonlySet<string>;
  /**
   * The replay's own lines at lap ends no checkpoint marks (reserved ids, never a checkpoint): their
   * crossings count laps from GPS alone, and are shown nowhere.
   */
  readonly lapLines: readonly string[];
  /** GPS crossings the tracks do not support (data gaps, vehicle speeds): never credited, for review. */
  readonly reviews: readonly ReviewItem[];
  /** The GPS side: the fixes each GPS crossing lies between, and how many fixes each rider has. */
  readonly gps: GpsTiming;
}

/** A rider's crossings of one point, earliest first (none when never). */
export function crossingsAt(timing: StageTiming, riderId: string, pointId: string): readonly number[] {
  return timing.crossings.get(riderId)?.get(pointId) ?? [];
}

/**
 * Replays every stored fix through the live state (the same code the live feed runs, on its course
 * with a line added at every lap's end) for the GPS crossings, then lets a timing system's passings
 * override them point by point (rules §6). The results store keeps the GPS part up to date while a
 * stage runs instead (stage-progress.ts) and merges it here through `timingOf`.
 */
export function stageTiming(
  context: StageContext,
  fixes: readonly StoredFix[],
  passings: readonly StoredPassing[],
): StageTiming | null {
  const { stage, course } = context;
  if (!course || stage.startedAt === null) return null;
  const replayed = resultsCourseOf({ ...context, course });
  const pass = new GpsPass(
    replayed,
    stage.startedAt,
    context.riders.map((r) => r.id),
  );
  pass.feed(fixes);
  return timingOf(context, replayed, pass.timing(), passings);
}

/**
 * The stage's timing from its GPS timing and a timing system's passings, merged through the domain's
 * rule so GPS and timing never disagree about which source wins.
 */
export function timingOf(
  context: StageContext,
  replayed: ResultsCourse,
  gps: GpsTiming,
  passings: readonly StoredPassing[],
): StageTiming {
  // Passings were matched to riders when imported; the merge only needs to know them by that identity.
  const identities = context.riders.map((r) => ({ riderId: r.id, bib: r.id }));
  const merged = scoring.formats.mergeCrossings(
    gps.crossings.map((c) => ({ riderId: c.riderId, pointId: c.pointId, time: epochMs(c.time) })),
    passings.map((p) => ({ bib: p.registrationId, pointId: p.checkpointId, time: p.time as EpochMs })),
    identities,
  );
  const seen = new Set(gps.seen);
  const crossings = new Map<string, Map<string, number[]>>();
  const timed = new Map<string, Set<string>>();
  for (const c of merged.crossings) {
    seen.add(c.riderId);
    const points = crossings.get(c.riderId) ?? new Map<string, number[]>();
    crossings.set(c.riderId, points);
    points.set(c.pointId, [...(points.get(c.pointId) ?? []), c.time]);
    if (c.source === 'timing') timed.set(c.riderId, (timed.get(c.riderId) ?? new Set()).add(c.pointId));
  }
  // A timing system's read at the point settles what the track could not.
  const reviews = gps.reviews.filter((r) => !timed.get(r.riderId)?.has(r.checkpointId));
  return {
    startedAt: gps.startedAt,
    crossings,
    timed,
    seen,
    lapLines: replayed.lapLines,
    reviews,
    gps,
  };
}

import { type Crossing, epochMs, type LiveCourse, StageState } from '@echelon/domain';
import type { StageContext } from '../../live/live.repository.ts';
import { liveCourseOf } from '../../live/live-course.ts';

/** A stored fix, as the fixes table keeps it. */
export interface ReplayFix {
  registrationId: string;
  time: number;
  lat: number;
  lon: number;
  accuracy: number | null;
  speed: number | null;
  altitude: number | null;
  battery: number | null;
}

/** A rider's position at one instant, on the course as the live state placed it. Unrounded. */
export interface TrackSample {
  /** epoch ms */
  time: number;
  /** along the whole course, m */
  distance: number;
  lat: number;
  lon: number;
  /** recent speed, m/s */
  speed: number;
}

export interface RiderRide {
  registrationId: string;
  samples: TrackSample[];
  crossings: Crossing[];
  finishTime: number | null;
}

export interface StageReplay {
  course: LiveCourse;
  rides: Map<string, RiderRide>;
}

export interface ReplayOptions {
  /** At most one sample per this many ms per rider; null for crossings and finishes only. */
  stepMs: number | null;
  /** Only these riders (all of the start list when absent). */
  riderIds?: ReadonlySet<string>;
}

/**
 * Rides a started stage again from its stored fixes, through the live state — the same projection,
 * lap counting, off-course and crossing rules the live feed and the results from the recording use, so a
 * replay never disagrees with them. `fixes` must be sorted by time.
 *
 * Sampling asks the state for its standings at each step boundary that had fixes, and keeps each rider's
 * latest fix by then with its own time: the samples are real positions (never invented between fixes),
 * at most one per step, and the cost is one standings call per busy step rather than one per fix.
 */
export function replayStage(
  context: StageContext & { stage: { startedAt: number } },
  fixes: readonly ReplayFix[],
  options: ReplayOptions,
): StageReplay {
  const start = context.stage.startedAt;
  const course = liveCourseOf(context.course!, context.checkpoints);
  const riders = options.riderIds
    ? context.riders.filter((r) => options.riderIds!.has(r.id))
    : context.riders;
  const state = new StageState(
    course,
    riders.map((r) => ({ riderId: r.id })),
  );
  state.start(epochMs(start));
  const rides = new Map<string, RiderRide>(
    riders.map((r) => [r.id, { registrationId: r.id, samples: [], crossings: [], finishTime: null }]),
  );
  const feed = (f: ReplayFix) => {
    if (rides.has(f.registrationId)) state.addFix({ ...f, riderId: f.registrationId, time: epochMs(f.time) });
  };

  let i = 0;
  if (options.stepMs !== null) {
    const step = options.stepMs;
    // The finish line is the last point of the lap: where a finisher's last sample puts them.
    const line = course.points.at(-1)!;
    while (i < fixes.length) {
      const t = fixes[i]!.time;
      const boundary = t <= start ? start : start + Math.ceil((t - start) / step) * step;
      while (i < fixes.length && fixes[i]!.time <= boundary) feed(fixes[i++]!);
      for (const s of state.standings(epochMs(boundary)).riders) {
        const ride = rides.get(s.riderId)!;
        const previous = ride.samples.at(-1);
        if (ride.finishTime !== null || s.lastFixAt === null || s.lastFixAt <= start) continue;
        if (s.finishTime !== null) {
          ride.finishTime = s.finishTime;
          ride.samples.push({
            time: s.finishTime,
            distance: course.length,
            lat: line.lat,
            lon: line.lon,
            speed: previous?.speed ?? 0,
          });
        } else if (previous?.time !== s.lastFixAt) {
          ride.samples.push({
            time: s.lastFixAt,
            distance: s.distance,
            lat: s.lat!,
            lon: s.lon!,
            speed: s.speed ?? 0,
          });
        }
      }
    }
  } else {
    for (; i < fixes.length; i++) feed(fixes[i]!);
  }

  const last = fixes.at(-1)?.time ?? start;
  for (const s of state.standings(epochMs(Math.max(start, last) + 1)).riders) {
    const ride = rides.get(s.riderId)!;
    ride.crossings = s.crossings;
    ride.finishTime = s.finishTime;
  }
  return { course, rides };
}

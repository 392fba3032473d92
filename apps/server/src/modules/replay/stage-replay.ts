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
 * replay never disagrees with them. `fixes` must be sorted by time. All at once: see StageReplayer.
 */
export function replayStage(
  context: StageContext & { stage: { startedAt: number } },
  fixes: readonly ReplayFix[],
  options: ReplayOptions,
): StageReplay {
  const replayer = new StageReplayer(context, options);
  replayer.feed(fixes);
  return replayer.finish();
}

/**
 * The replay fed slice by slice (a 2,000-rider, 4-hour stage holds 5.8 M fixes: never all at once), in
 * time order across slices; the same answer as one feed of them all.
 *
 * Sampling asks the state for its standings at each step boundary that had fixes, and keeps each rider's
 * latest fix by then with its own time: the samples are real positions (never invented between fixes),
 * at most one per step, and the cost is one standings call per busy step rather than one per fix. A
 * boundary is sampled once a fix after it comes (or at the end): a slice may end within its step.
 */
export class StageReplayer {
  private readonly start: number;
  private readonly course: LiveCourse;
  private readonly state: StageState;
  private readonly rides: Map<string, RiderRide>;
  private readonly stepMs: number | null;
  /** The step boundary whose fixes are being fed; sampled when a later fix comes or at the end. */
  private boundary: number | null = null;
  private lastFixAt: number | null = null;

  constructor(context: StageContext & { stage: { startedAt: number } }, options: ReplayOptions) {
    this.start = context.stage.startedAt;
    this.stepMs = options.stepMs;
    this.course = liveCourseOf(context.course!, context.checkpoints);
    const riders = options.riderIds
      ? context.riders.filter((r) => options.riderIds!.has(r.id))
      : context.riders;
    this.state = new StageState(
      this.course,
      riders.map((r) => ({ riderId: r.id })),
    );
    this.state.start(epochMs(this.start));
    this.rides = new Map(
      riders.map((r) => [r.id, { registrationId: r.id, samples: [], crossings: [], finishTime: null }]),
    );
  }

  /** The next fixes, in time order and after every fix fed before. */
  feed(fixes: readonly ReplayFix[]): void {
    for (const f of fixes) {
      if (this.stepMs !== null) {
        if (this.boundary !== null && f.time > this.boundary) this.sample(this.boundary);
        if (this.boundary === null || f.time > this.boundary) {
          this.boundary =
            f.time <= this.start
              ? this.start
              : this.start + Math.ceil((f.time - this.start) / this.stepMs) * this.stepMs;
        }
      }
      this.lastFixAt = f.time;
      if (this.rides.has(f.registrationId)) {
        this.state.addFix({ ...f, riderId: f.registrationId, time: epochMs(f.time) });
      }
    }
  }

  /** The rides once every fix was fed: the last step sampled, every rider's crossings and finish. */
  finish(): StageReplay {
    if (this.boundary !== null) this.sample(this.boundary);
    this.boundary = null;
    const last = this.lastFixAt ?? this.start;
    for (const s of this.state.standings(epochMs(Math.max(this.start, last) + 1)).riders) {
      const ride = this.rides.get(s.riderId)!;
      ride.crossings = s.crossings;
      ride.finishTime = s.finishTime;
    }
    return { course: this.course, rides: this.rides };
  }

  private sample(boundary: number): void {
    // The finish line is the last point of the lap: where a finisher's last sample puts them.
    const line = this.course.points.at(-1)!;
    for (const s of this.state.standings(epochMs(boundary)).riders) {
      const ride = this.rides.get(s.riderId)!;
      const previous = ride.samples.at(-1);
      if (ride.finishTime !== null || s.lastFixAt === null || s.lastFixAt <= this.start) continue;
      if (s.finishTime !== null) {
        ride.finishTime = s.finishTime;
        ride.samples.push({
          time: s.finishTime,
          distance: this.course.length,
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
}

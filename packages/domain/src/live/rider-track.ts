// One rider's live progress: fixes in, distance / laps / crossings / finish out. Everything here is O(1)
// amortised per fix and allocation-free apart from crossings and the occasional trail growth.
import { type EpochMs, epochMs, metres } from '../units.ts';
import { AlongCourseFilter, type FilterState } from './along-course-filter.ts';
import { interpolateCrossing, overshootBeyondEnd } from './crossings.ts';
import { lapShift } from './laps.ts';
import { crossingDoubt, type ReviewItem, SustainedSpeed, type TrackEvidence } from './plausibility.ts';
import type { StageStateSettings } from './settings.ts';
import { RecentSpeed } from './speed.ts';
import { DistanceTrail, type TrailHead } from './trail.ts';
import type { Crossing, Fix, LiveCheckpoint, LiveCourse, Projection, ProjectionHint } from './types.ts';

/** What the rider track needs of the course projector (CourseProjector satisfies it). */
export interface Projector {
  project(lat: number, lon: number, hint: ProjectionHint | null): Projection;
}

/** Shared, read-only context of one stage. */
export interface TrackContext {
  course: LiveCourse;
  /** Sorted by distance. */
  checkpoints: readonly LiveCheckpoint[];
  projector: Projector;
  /** Whether the lap closes on itself, so that the end of one lap runs onto the start of the next. */
  circuit: boolean;
  settings: StageStateSettings;
}

/** The projector may move a rider this far beyond what maxSpeed allows (GPS error, a fix's own jitter). */
const REACH_MARGIN = 60;
/** At the gun: the spread of riders behind the line (m) and of their speed (m/s). */
const START_GRID_SD = 10;
const START_SPEED_SD = 5;

/**
 * A rider's track as plain JSON: everything the next fix's projection, laps, crossings, reviews and finish
 * depend on, so a track restored from it goes on exactly as the saved one would have (the results keep one
 * per rider while a stage runs and feed it only the fixes since). The time-at-distance trail is saved as its
 * head alone (crossings are timed from it): gaps measured on a restored track see nothing before it.
 */
export interface RiderTrackSnapshot {
  riderId: string;
  lastFixAt: number | null;
  lat: number | null;
  lon: number | null;
  battery: number | null;
  accuracy: number | null;
  sosAt: number | null;
  tracking: boolean;
  lap: number;
  within: number;
  segment: number;
  hintTime: number;
  distance: number;
  trail: TrailHead | null;
  speed: Array<[number, number]>;
  motion: FilterState;
  nextCheckpoint: number;
  crossings: Crossing[];
  reviews: ReviewItem[];
  sustained: Array<[number, number]>;
  placed: TrackEvidence | null;
  finishTime: number | null;
  finishInReview: boolean;
  offCourseSince: number | null;
  slowSince: number | null;
  dnfAt: number | null;
  frozenSpeed: number | null;
}

export class RiderTrack {
  readonly riderId: string;
  /** Time of the last processed fix (any: before the start, off course, after the finish). */
  lastFixAt: number | null = null;
  lat: number | null = null;
  lon: number | null = null;
  battery: number | null = null;
  /** Accuracy of the last processed fix (null when that fix reported none). */
  accuracy: number | null = null;
  /** Time of the latest SOS fix. */
  sosAt: number | null = null;

  /** Whether progress tracking began (first fix after the start). */
  tracking = false;
  /** Lap counter from wraps of the within-lap distance (0-based, may dip to −1 behind the line). */
  lap = 0;
  /** Within-lap distance and segment of the last on-course projection: the hint for the next one. */
  within = 0;
  segment = 0;
  hintTime = 0;
  /** Furthest distance over the whole course, capped at its length: what the standings show. */
  distance = 0;
  /**
   * When the rider passed each distance, from its fixes (held so that it never goes back): what gaps are
   * measured on. Fixes, not the smoothed estimate: a real-time estimate lags an acceleration by tens of
   * metres, a fix has metres of noise but no lag.
   */
  readonly trail: DistanceTrail;
  readonly speed: RecentSpeed;
  /** The smoothed distance and speed along the course: the one estimate order, gaps and groups come from. */
  readonly motion = new AlongCourseFilter();
  /** Index of the next checkpoint to cross. */
  nextCheckpoint = 0;
  readonly crossings: Crossing[] = [];
  /** Crossings the track does not support: for the results desk, never credited by themselves. */
  readonly reviews: ReviewItem[] = [];
  readonly sustained: SustainedSpeed;
  /** The last fix that moved the rider on: one end of the stretch the next crossing is timed on. */
  placed: TrackEvidence | null = null;
  finishTime: number | null = null;
  /** The finish was reached on a stretch the track does not support: only the results desk finishes this rider. */
  finishInReview = false;
  /** First fix of the current off-course streak. */
  offCourseSince: number | null = null;
  /** Since when the recent speed has been below stoppedSpeed. */
  slowSince: number | null = null;
  dnfAt: number | null = null;
  /** Recent speed when the stage was neutralised, used for ETAs meanwhile. */
  frozenSpeed: number | null = null;
  /**
   * The rider's pace against a leader's (time-base.ts), kept until its next fix or another leader: both
   * trails over the stretch it is measured on are history by then, and the standings ask at every tick.
   */
  paceMemo: { at: number; leader: RiderTrack | null; pace: number } = {
    at: Number.NaN,
    leader: null,
    pace: 1,
  };

  constructor(riderId: string, settings: StageStateSettings, saved?: RiderTrackSnapshot) {
    this.riderId = riderId;
    if (saved === undefined) {
      this.trail = new DistanceTrail(settings.trailSpacing);
      this.speed = new RecentSpeed(settings.speedWindowMs);
      this.sustained = new SustainedSpeed(settings.speedCheckWindowMs);
      return;
    }
    this.trail = DistanceTrail.fromHead(settings.trailSpacing, saved.trail);
    this.speed = RecentSpeed.fromSamples(settings.speedWindowMs, saved.speed);
    this.sustained = SustainedSpeed.fromSamples(settings.speedCheckWindowMs, saved.sustained);
    this.motion.restore(saved.motion);
    this.crossings.push(...saved.crossings);
    this.reviews.push(...saved.reviews);
    this.lastFixAt = saved.lastFixAt;
    this.lat = saved.lat;
    this.lon = saved.lon;
    this.battery = saved.battery;
    this.accuracy = saved.accuracy;
    this.sosAt = saved.sosAt;
    this.tracking = saved.tracking;
    this.lap = saved.lap;
    this.within = saved.within;
    this.segment = saved.segment;
    this.hintTime = saved.hintTime;
    this.distance = saved.distance;
    this.nextCheckpoint = saved.nextCheckpoint;
    this.placed = saved.placed;
    this.finishTime = saved.finishTime;
    this.finishInReview = saved.finishInReview;
    this.offCourseSince = saved.offCourseSince;
    this.slowSince = saved.slowSince;
    this.dnfAt = saved.dnfAt;
    this.frozenSpeed = saved.frozenSpeed;
  }

  /** The track as plain JSON (see RiderTrackSnapshot); `new RiderTrack(id, settings, snapshot)` restores it. */
  snapshot(): RiderTrackSnapshot {
    return {
      riderId: this.riderId,
      lastFixAt: this.lastFixAt,
      lat: this.lat,
      lon: this.lon,
      battery: this.battery,
      accuracy: this.accuracy,
      sosAt: this.sosAt,
      tracking: this.tracking,
      lap: this.lap,
      within: this.within,
      segment: this.segment,
      hintTime: this.hintTime,
      distance: this.distance,
      trail: this.trail.headState(),
      speed: this.speed.samples(),
      motion: this.motion.saved(),
      nextCheckpoint: this.nextCheckpoint,
      crossings: this.crossings.slice(),
      reviews: this.reviews.slice(),
      sustained: this.sustained.samples(),
      placed: this.placed,
      finishTime: this.finishTime,
      finishInReview: this.finishInReview,
      offCourseSince: this.offCourseSince,
      slowSince: this.slowSince,
      dnfAt: this.dnfAt,
      frozenSpeed: this.frozenSpeed,
    };
  }

  /** When the rider was last seen at its current distance: the time used for its gap. */
  get positionTime(): number | null {
    return this.trail.headTime;
  }

  /** Any processed fix: position and device state, nothing else. */
  observe(fix: Fix): void {
    this.lastFixAt = fix.time;
    this.lat = fix.lat;
    this.lon = fix.lon;
    if (fix.battery !== null) this.battery = fix.battery;
    this.accuracy = fix.accuracy;
    this.noteSos(fix);
  }

  /** An SOS counts even when its fix comes late (trackers send it ahead of their queue, or after it). */
  noteSos(fix: Fix): void {
    if (fix.sos === true && (this.sosAt === null || fix.time > this.sosAt)) this.sosAt = fix.time;
  }

  /** A fix after the start, before the finish: distance, laps, crossings, finish. */
  advance(fix: Fix, startAt: number, ctx: TrackContext): void {
    if (!this.tracking) this.#begin(startAt, ctx);
    const t = fix.time;
    const { course, settings } = ctx;
    const reach = ((t - this.hintTime) / 1000) * settings.maxSpeed + REACH_MARGIN;
    const p = ctx.projector.project(fix.lat, fix.lon, {
      distance: metres(this.within),
      segment: this.segment,
      reach: metres(reach),
    });
    const lapLength = course.lapLength;
    let lap = this.lap;
    if (ctx.circuit) {
      const expected = (this.speed.value ?? 0) * ((t - this.hintTime) / 1000);
      lap += lapShift(p.distance - this.within, lapLength, reach, expected);
    }
    let raw = lap * lapLength + p.distance;
    let offset: number = p.offset;
    if (lap >= course.lapCount - 1 && p.distance >= lapLength - 1e-6) {
      // Past the end of a point-to-point course: along the road beyond the finish, not off course.
      const beyond = overshootBeyondEnd(course.points, fix.lat, fix.lon);
      raw += beyond;
      offset = Math.sqrt(Math.max(0, offset * offset - beyond * beyond));
    }
    if (offset > settings.offCourseDistance) {
      // Off course: the distance stays at the last on-course one until the rider rejoins.
      this.offCourseSince ??= t;
      return;
    }
    this.offCourseSince = null;
    this.lap = lap;
    this.within = p.distance;
    this.segment = p.segment;
    this.hintTime = t;

    this.speed.push(t, raw);
    this.motion.update(t, raw, fix.accuracy, fix.speed);
    this.sustained.push(t, raw);
    const speed = this.speed.value;
    if (speed !== null && speed < settings.stoppedSpeed) this.slowSince ??= t;
    else this.slowSince = null;

    const here: TrackEvidence = { time: epochMs(t), distance: metres(raw), lat: fix.lat, lon: fix.lon };
    if (raw <= this.distance) {
      this.trail.push(t, this.#trailDistance(this.distance));
      this.placed = here;
      return;
    }
    const before = this.placed ?? { time: epochMs(startAt), distance: metres(0), lat: null, lon: null };
    this.placed = here;
    const t0 = this.trail.headTime ?? startAt;
    const d0 = this.distance;
    const doubt = crossingDoubt(before.time, before.distance, t, raw, this.sustained.value(), settings);
    const { checkpoints } = ctx;
    for (
      let c = checkpoints[this.nextCheckpoint];
      c && c.distance <= raw;
      c = checkpoints[this.nextCheckpoint]
    ) {
      if (c.distance <= course.length) {
        const time = epochMs(interpolateCrossing(t0, d0, t, raw, c.distance));
        if (doubt) {
          if (doubt.reason === 'data_gap' && c.lapLine === true)
            this.crossings.push({ checkpointId: c.id, time });
          this.reviews.push({
            riderId: this.riderId,
            checkpointId: c.id,
            reason: doubt.reason,
            interpolatedTime: time,
            before,
            after: here,
            speed: doubt.speed,
          });
        } else {
          this.crossings.push({ checkpointId: c.id, time });
        }
      }
      this.nextCheckpoint++;
    }
    if (raw >= course.length && (doubt || this.finishInReview)) {
      // Where the rider is, but not a finisher: the results desk decides (see plausibility.ts).
      this.finishInReview = true;
      this.distance = Math.max(this.distance, course.length - 1);
      this.trail.push(t, this.distance);
    } else if (raw >= course.length) {
      const finish = interpolateCrossing(t0, d0, t, raw, course.length);
      this.finishTime = finish;
      this.distance = course.length;
      this.slowSince = null;
      this.trail.push(finish, course.length);
    } else {
      this.distance = raw;
      this.trail.push(t, this.#trailDistance(raw));
    }
  }

  /**
   * What the trail records for a fix: the smoothed distance (never beyond the furthest fix), held so that it
   * never goes back. A trail of raw fixes held at their furthest is biased forward by the noise: a fix 10 m
   * ahead holds the trail there until the rider truly passes it, 2 s early on a climb at 5 m/s; the
   * smoothed distance, told by the device's speed where the road steepens, has neither the noise nor much
   * lag.
   */
  #trailDistance(furthest: number): number {
    return Math.max(this.trail.headDistance ?? 0, Math.min(furthest, this.motion.distance));
  }

  /** The mass start: every rider is on the line (distance 0) at the start time. */
  #begin(startAt: number, ctx: TrackContext): void {
    this.tracking = true;
    this.hintTime = startAt;
    this.trail.push(startAt, 0);
    this.speed.push(startAt, 0);
    // On the line at the gun, give or take the depth of a start grid; speed unknown.
    this.motion.reset(startAt, 0, 0, START_GRID_SD, START_SPEED_SD);
    this.sustained.push(startAt, 0);
    const { checkpoints } = ctx;
    for (
      let c = checkpoints[this.nextCheckpoint];
      c && c.distance <= 0;
      c = checkpoints[this.nextCheckpoint]
    ) {
      this.crossings.push({ checkpointId: c.id, time: epochMs(startAt) });
      this.nextCheckpoint++;
    }
  }

  /** Next checkpoint still ahead, if any. */
  upcomingCheckpoint(ctx: TrackContext): LiveCheckpoint | null {
    const c = ctx.checkpoints[this.nextCheckpoint];
    return c && c.distance <= ctx.course.length ? c : null;
  }

  get finishAt(): EpochMs | null {
    return this.finishTime === null ? null : epochMs(this.finishTime);
  }
}

import type { CoursePoint } from '../course/types.ts';
import type { EpochMs, Metres, Seconds } from '../units.ts';

/** One accepted position of one rider, after ingest validation. */
export interface Fix {
  riderId: string;
  time: EpochMs;
  lat: number;
  lon: number;
  /** Horizontal accuracy in metres, when the device reports it. */
  accuracy: number | null;
  /**
   * Device-reported speed in m/s, when known: it steers where a rider is estimated to be (the along-course
   * filter), never a gap by distance ÷ speed.
   */
  speed: number | null;
  altitude: number | null;
  /** Battery level 0–100, when known. */
  battery: number | null;
  /** The rider pressed SOS: the tracker sent this fix as an alarm. Absent (or false) for ordinary fixes. */
  sos?: boolean;
}

export type CheckpointKindLive = 'start' | 'finish' | 'sprint' | 'climb' | 'timing' | 'feed_zone';

export interface LiveCheckpoint {
  id: string;
  kind: CheckpointKindLive;
  name: string;
  /** Distance from the start over the whole course (all laps). */
  distance: Metres;
  /**
   * A lap's end that only counts laps: across a data gap the lap is still counted at the interpolated time
   * (the laps are inferred from the rider's progress, never silently fewer) and listed for review.
   */
  lapLine?: boolean;
}

/** The course as the live processor needs it. `points` are one lap at full precision. */
export interface LiveCourse {
  points: CoursePoint[];
  lapLength: Metres;
  lapCount: number;
  /** lapLength × lapCount. */
  length: Metres;
  checkpoints: LiveCheckpoint[];
}

/** Where a position lands on one lap of the course. */
export interface Projection {
  /** Distance along one lap, 0..lapLength. */
  distance: Metres;
  /** Distance from the position to the course line. */
  offset: Metres;
  /** Index of the course segment (points[i] → points[i+1]) it landed on. */
  segment: number;
}

/** What the projector knows of the rider's previous position, to resolve loops and out-and-backs. */
export interface ProjectionHint {
  /** Previous distance along the lap. */
  distance: Metres;
  segment: number;
  /** Metres the rider can plausibly have moved since (elapsed time × a generous speed). */
  reach: Metres;
}

export interface LiveSettings {
  /** Riders closer than this in time ride in the same group. */
  groupGapSeconds: Seconds;
  /** No fix for this long: the rider's signal is lost. */
  signalLostAfterMs: number;
  /** Slower than this (m/s) for stoppedAfterMs: stopped. */
  stoppedSpeed: number;
  stoppedAfterMs: number;
  /** Farther than this from the course for offCourseAfterMs: off course. */
  offCourseDistance: Metres;
  offCourseAfterMs: number;
  /** Fixes implying more than this speed (m/s) from the rider's previous fix are dropped. */
  maxSpeed: number;
}

export type RiderCondition =
  | 'not_started'
  | 'racing'
  | 'stopped'
  | 'signal_lost'
  | 'off_course'
  | 'finished'
  | 'dnf';

export interface Crossing {
  checkpointId: string;
  /** Interpolated between the two fixes that straddle the checkpoint, to a fraction of a second. */
  time: EpochMs;
}

export interface RiderStanding {
  riderId: string;
  rank: number;
  condition: RiderCondition;
  /** Distance covered from the start, over all laps, as of the rider's last fix. */
  distance: Metres;
  /**
   * Where the rider is estimated to be at the standings' instant: its filtered position carried on at its
   * filtered speed for the last fix's age, at most extrapolateMs (time-base.ts). Order, gaps and groups
   * all use it, so the reporting rhythm of phones does not reorder or split a bunch.
   */
  estimatedDistance: Metres;
  lap: number;
  lat: number | null;
  lon: number | null;
  /** Recent speed over ground in m/s, from the rider's own recent fixes. */
  speed: number | null;
  /** Time behind the leader at the same distance (scenario 28), on the standings' one time base; null when unknown. */
  gap: Seconds | null;
  group: number | null;
  distanceToGo: Metres;
  eta: EpochMs | null;
  nextCheckpoint: { id: string; eta: EpochMs | null } | null;
  lastFixAt: EpochMs | null;
  battery: number | null;
  /** Horizontal accuracy (m) of the rider's last fix, when its device reported one. */
  accuracy: number | null;
  /** Time of the rider's latest SOS fix, null when it never sent one. Not a condition: it sits beside it. */
  sosAt: EpochMs | null;
  finishTime: EpochMs | null;
  crossings: Crossing[];
}

export interface LiveGroup {
  index: number;
  /** "Leaders", "Peloton", "Group 3" … */
  name: string;
  riderIds: string[];
  /** Gap of the group's head to the leader. */
  gap: Seconds;
}

export interface LiveStandings {
  at: EpochMs;
  riders: RiderStanding[];
  groups: LiveGroup[];
}

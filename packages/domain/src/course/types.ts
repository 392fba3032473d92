import type { Metres } from '../units.ts';

/** A point as read from a course file, before any processing. Elevation is null when the file has none. */
export interface TrackPoint {
  lat: number;
  lon: number;
  ele: number | null;
}

/** A named point in a course file (GPX <wpt>, TCX course point, FIT course point). */
export interface RawWaypoint {
  lat: number;
  lon: number;
  name: string;
  description: string | null;
  /** The file's own type tag, e.g. GPX <type>climb</type> or a FIT course point type. */
  type: string | null;
}

/** What a course-file parser produces: the track in file order and its waypoints. */
export interface RawTrack {
  name: string | null;
  points: TrackPoint[];
  waypoints: RawWaypoint[];
}

export type CheckpointKind = 'start' | 'finish' | 'sprint' | 'climb' | 'timing' | 'feed_zone';
export type ClimbCategory = 'HC' | '1' | '2' | '3' | '4';

/** A point of the normalised course: full precision, with cumulative geodesic distance from the start. */
export interface CoursePoint {
  lat: number;
  lon: number;
  /** Smoothed elevation in metres, null when the file had no elevation. */
  ele: number | null;
  distance: Metres;
}

export interface BoundingBox {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

export interface SuggestedCheckpoint {
  kind: CheckpointKind;
  name: string;
  /** Distance along the course where the waypoint snaps. */
  distance: Metres;
  lat: number;
  lon: number;
  climbCategory: ClimbCategory | null;
  /** How far the waypoint lay from the course line before snapping. */
  offset: Metres;
}

export interface NormalisedCourse {
  name: string | null;
  /** One lap at full precision (the whole course when lapCount is 1). Projection uses these. */
  points: CoursePoint[];
  lapLength: Metres;
  lapCount: number;
  /** lapLength × lapCount. */
  length: Metres;
  /** Total ascent and descent over the whole course (all laps), from the smoothed elevation. */
  climbing: Metres;
  descent: Metres;
  minEle: number | null;
  maxEle: number | null;
  hasElevation: boolean;
  /** True when the end of the track lies close to its start: the course can be ridden as laps. */
  isCircuit: boolean;
  bbox: BoundingBox;
  /** A simplified line of one lap for display: [lat, lon] pairs. */
  simplified: Array<[number, number]>;
  /** A downsampled elevation profile of one lap: [distance m, elevation m] pairs; empty without elevation. */
  profile: Array<[number, number]>;
  suggestedCheckpoints: SuggestedCheckpoint[];
}

/** Where a lat/lon lands on the course. */
export interface SnappedPoint {
  distance: Metres;
  lat: number;
  lon: number;
  /** Distance from the given point to the course line. */
  offset: Metres;
}

// From a parsed course file to the course the platform works with: clean points, geodesic distances, a
// smoothed profile with honest climbing figures, and the light-weight views the UI needs.
import { type Metres, metres } from '../units.ts';
import { cleanTrackPoints, elevationIsAllZero } from './clean-points.ts';
import { elevationProfile, simplifyForDisplay } from './display.ts';
import { climbingAndDescent, fillElevationGaps, smoothElevation } from './elevation.ts';
import { CourseGeometryError } from './errors.ts';
import { geodesicDistance } from './geodesy.ts';
import { suggestCheckpoints } from './suggested-checkpoints.ts';
import type { BoundingBox, CoursePoint, NormalisedCourse, RawTrack, TrackPoint } from './types.ts';

/**
 * A track whose end lies within this distance of its start closes on itself and can be ridden as laps.
 * Recorded laps and hand-drawn circuits rarely end exactly where they began; 150 m absorbs that (and a
 * start/finish line a little off the first point) without calling a point-to-point stage a circuit.
 */
export const CIRCUIT_CLOSE_DISTANCE = 150;

/** Below this lap length "end near start" says nothing: any short track ends near where it began. */
const MIN_CIRCUIT_LENGTH = 1000;

/** Lap counts beyond this are typing mistakes, not races (criteriums run a few dozen laps). */
const MAX_LAP_COUNT = 500;

export interface NormaliseOptions {
  /** How many times the lap is ridden; more than 1 requires a circuit. Default 1. */
  lapCount?: number;
}

export function normaliseCourse(raw: RawTrack, options: NormaliseOptions = {}): NormalisedCourse {
  const lapCount = options.lapCount ?? 1;
  if (!Number.isInteger(lapCount) || lapCount < 1 || lapCount > MAX_LAP_COUNT) {
    throw new CourseGeometryError(
      `The lap count must be a whole number from 1 to ${MAX_LAP_COUNT}, not ${lapCount}`,
    );
  }

  const track = cleanTrackPoints(raw.points);
  if (track.length < 2) {
    throw new CourseGeometryError(
      `The course has fewer than 2 distinct points (${raw.points.length} in the file, ${track.length} usable): ` +
        'upload a track or route with at least two different positions',
    );
  }

  const first = track[0]!;
  const last = track.at(-1)!;
  const distances = cumulativeDistances(track);
  const gap = geodesicDistance(last.lat, last.lon, first.lat, first.lon);
  const isCircuit = gap <= CIRCUIT_CLOSE_DISTANCE && distances.at(-1)! >= MIN_CIRCUIT_LENGTH;
  if (lapCount > 1 && !isCircuit) {
    throw new CourseGeometryError(
      `A course ridden ${lapCount} times must be a circuit, but its end is ${Math.round(gap)} m from its start ` +
        `(at most ${CIRCUIT_CLOSE_DISTANCE} m allowed): upload a closed lap or set the lap count to 1`,
    );
  }
  // Riders cover the gap between the end of the lap and the start line on every lap, so a multi-lap course
  // closes the loop back onto its first point; a single lap finishes where the file ends.
  if (lapCount > 1 && gap > 0) {
    track.push({ ...first });
    distances.push(distances.at(-1)! + gap);
  }

  const elevations = smoothedElevations(track, distances);
  const points: CoursePoint[] = track.map((p, i) => ({
    lat: p.lat,
    lon: p.lon,
    // Decimetres: the source data is rarely better than a metre, and this keeps stored courses compact.
    ele: elevations ? Math.round(elevations[i]! * 10) / 10 : null,
    distance: metres(distances[i]!),
  }));

  const lapLength = metres(distances.at(-1)!);
  const { climbing, descent } = elevations ? climbingAndDescent(elevations) : { climbing: 0, descent: 0 };
  const range = elevations ? elevationRange(elevations) : null;
  return {
    name: raw.name?.trim() || null,
    points,
    lapLength,
    lapCount,
    length: metres(lapLength * lapCount),
    climbing: roundMetres(climbing * lapCount),
    descent: roundMetres(descent * lapCount),
    minEle: range ? roundTenth(range.min) : null,
    maxEle: range ? roundTenth(range.max) : null,
    hasElevation: elevations !== null,
    isCircuit,
    bbox: boundingBox(track),
    simplified: simplifyForDisplay(points),
    profile: elevationProfile(points),
    suggestedCheckpoints: suggestCheckpoints(points, raw.waypoints),
  };
}

/** Distance from the start at each point, summing WGS84 geodesics between consecutive points. */
function cumulativeDistances(track: readonly TrackPoint[]): number[] {
  const out = [0];
  for (let i = 1; i < track.length; i++) {
    const a = track[i - 1]!;
    const b = track[i]!;
    out.push(out[i - 1]! + geodesicDistance(a.lat, a.lon, b.lat, b.lon));
  }
  return out;
}

function smoothedElevations(track: readonly TrackPoint[], distances: readonly number[]): number[] | null {
  if (elevationIsAllZero(track)) return null;
  const filled = fillElevationGaps(
    distances,
    track.map((p) => p.ele),
  );
  return filled ? smoothElevation(distances, filled) : null;
}

/** Lowest and highest smoothed elevation (a loop: spreading 10,000 values as arguments risks the stack). */
function elevationRange(elevations: readonly number[]): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const e of elevations) {
    min = Math.min(min, e);
    max = Math.max(max, e);
  }
  return { min, max };
}

function boundingBox(track: readonly TrackPoint[]): BoundingBox {
  const box = { minLat: 90, minLon: 180, maxLat: -90, maxLon: -180 };
  for (const p of track) {
    box.minLat = Math.min(box.minLat, p.lat);
    box.maxLat = Math.max(box.maxLat, p.lat);
    box.minLon = Math.min(box.minLon, p.lon);
    box.maxLon = Math.max(box.maxLon, p.lon);
  }
  return box;
}

function roundMetres(value: number): Metres {
  return metres(Math.round(value));
}

function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

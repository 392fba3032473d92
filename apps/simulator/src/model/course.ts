// The course as the model rides it: position, elevation and gradient at any distance over all laps.
import { bearing } from './geo.ts';

/** `[lat, lon, ele|null, distance m]` of one lap, as `GET /stages/:id/course?include=points` answers. */
export type CoursePointTuple = [number, number, number | null, number];

export interface CourseInput {
  points: CoursePointTuple[];
  lapCount: number;
}

export interface CoursePosition {
  lat: number;
  lon: number;
  ele: number | null;
  /** Direction of travel, degrees from north. */
  heading: number;
}

export interface SimCourse {
  lapLength: number;
  lapCount: number;
  /** lapLength × lapCount. */
  length: number;
  hasElevation: boolean;
  positionAt(distance: number): CoursePosition;
  /** Rise over run (0.05 = 5 %), smoothed over ±25 m and clamped to ±25 %. */
  gradeAt(distance: number): number;
}

const GRID = 10;
const HALF_WINDOW = 25;
const MAX_GRADE = 0.25;

export function buildCourse(input: CourseInput): SimCourse {
  const points = input.points;
  if (points.length < 2) throw new Error('The course needs at least two points');
  const lapLength = points.at(-1)![3];
  if (!(lapLength > 0)) throw new Error('The course has no length');
  const lapCount = Math.max(1, Math.floor(input.lapCount));
  const hasElevation = points.some((p) => p[2] !== null);

  /** Index of the last point at or before `d` (binary search on non-decreasing distances). */
  const segmentOf = (d: number): number => {
    let lo = 0;
    let hi = points.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (points[mid]![3] <= d) lo = mid;
      else hi = mid;
    }
    return lo;
  };

  // Missing elevations are carried from the nearest known one; a course without any is flat at 0 m.
  const filled = fillElevation(points);
  const lapEle = (d: number): number => {
    const x = Math.min(Math.max(d, 0), lapLength);
    const i = segmentOf(x);
    const a = points[i]!;
    const b = points[i + 1] ?? a;
    const span = b[3] - a[3];
    const t = span > 0 ? (x - a[3]) / span : 0;
    return filled[i]! + t * ((filled[i + 1] ?? filled[i]!) - filled[i]!);
  };
  const grades = new Float64Array(Math.ceil(lapLength / GRID) + 1);
  for (let k = 0; k < grades.length; k++) {
    const x = k * GRID;
    const from = Math.max(0, x - HALF_WINDOW);
    const to = Math.min(lapLength, x + HALF_WINDOW);
    const g = to > from ? (lapEle(to) - lapEle(from)) / (to - from) : 0;
    grades[k] = Math.min(MAX_GRADE, Math.max(-MAX_GRADE, g));
  }

  const onLap = (distance: number): number => {
    const total = Math.min(Math.max(distance, 0), lapLength * lapCount);
    if (total >= lapLength * lapCount) return lapLength;
    return total % lapLength;
  };

  return {
    lapLength,
    lapCount,
    length: lapLength * lapCount,
    hasElevation,
    positionAt(distance) {
      const d = onLap(distance);
      const i = Math.min(segmentOf(d), points.length - 2);
      const a = points[i]!;
      const b = points[i + 1]!;
      const span = b[3] - a[3];
      const t = span > 0 ? Math.min(1, Math.max(0, (d - a[3]) / span)) : 0;
      const ele = a[2] !== null && b[2] !== null ? a[2] + t * (b[2] - a[2]) : (a[2] ?? b[2]);
      return {
        lat: a[0] + t * (b[0] - a[0]),
        lon: a[1] + t * (b[1] - a[1]),
        ele,
        heading: bearing(a[0], a[1], b[0], b[1]),
      };
    },
    gradeAt(distance) {
      const k = Math.round(onLap(distance) / GRID);
      return grades[Math.min(k, grades.length - 1)] ?? 0;
    },
  };
}

function fillElevation(points: CoursePointTuple[]): number[] {
  const out = points.map((p) => p[2]);
  const firstKnown = out.find((e) => e !== null) ?? 0;
  let last: number = firstKnown;
  return out.map((e) => {
    if (e !== null) last = e;
    return last;
  });
}

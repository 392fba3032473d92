// The course as the projector measures it: a polyline of points with their cumulative distances, whether
// its lap closes on itself, and the flat east/north frame centred on the current fix (the same frame
// `snapToCourse` uses). Within a few kilometres of the fix that frame is exact to centimetres, so offsets
// near the course are good to well under a metre; the distance along the course is always the course's own
// cumulative geodesic distance, interpolated on the segment the fix lands on.
//
// The query state (the fix and its metres-per-degree scale) and the result of the last evaluation live in
// fields rather than return values so the hot path allocates nothing.
import { CourseGeometryError } from '../../course/errors.ts';
import { lonDelta } from '../../course/geodesy.ts';
import { CIRCUIT_CLOSE_DISTANCE } from '../../course/normalise.ts';
import type { CoursePoint } from '../../course/types.ts';

export class CourseLine {
  /** Point coordinates; longitudes unwrapped around the first point so a course across ±180° is continuous. */
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly dist: Float64Array;
  readonly segments: number;
  /** Length of one lap: last distance − first distance. */
  readonly lap: number;
  /** Whether a rider near the end of the lap continues onto its start. */
  readonly circuit: boolean;
  /** A circuit whose last point is its first: the last segment runs straight on into the first. */
  readonly closed: boolean;
  private readonly lonRef: number;

  /** The fix (unwrapped like the points) and metres per degree at its latitude, set by `setQuery`. */
  qLat = 0;
  qLon = 0;
  perLat = 0;
  perLon = 0;
  /** Result of the last `evaluate` / `evaluatePoint`: squared offset and foot distance along the lap. */
  evalOffsetSq = 0;
  evalDistance = 0;

  /**
   * `circuit` undefined: a circuit when the last point lies within CIRCUIT_CLOSE_DISTANCE of the first and
   * the lap is at least 1 km long.
   */
  constructor(points: readonly CoursePoint[], circuit: boolean | undefined) {
    const n = points.length;
    if (n < 2) throw new CourseGeometryError('The course needs at least two points to place riders on it');
    this.segments = n - 1;
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.dist = new Float64Array(n);
    this.lonRef = points[0]!.lon;
    let prevDistance = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const p = points[i]!;
      if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon) || !Number.isFinite(p.distance)) {
        throw new CourseGeometryError(`Course point ${i} is not a valid position`);
      }
      if (p.distance < prevDistance) {
        throw new CourseGeometryError(`Course point ${i} has a smaller distance than the point before it`);
      }
      prevDistance = p.distance;
      this.lat[i] = p.lat;
      this.lon[i] = this.lonRef + lonDelta(this.lonRef, p.lon);
      this.dist[i] = p.distance;
    }
    this.lap = this.dist[n - 1]! - this.dist[0]!;

    if (circuit !== undefined) {
      this.circuit = circuit;
    } else {
      this.setQuery(this.lat[0]!, points[0]!.lon);
      this.evaluatePoint(n - 1);
      this.circuit = Math.sqrt(this.evalOffsetSq) <= CIRCUIT_CLOSE_DISTANCE && this.lap >= 1000;
    }
    this.closed = this.circuit && this.lat[0] === this.lat[n - 1] && this.lon[0] === this.lon[n - 1];
  }

  setQuery(lat: number, lon: number): void {
    this.qLat = lat;
    this.qLon = this.lonRef + lonDelta(this.lonRef, lon);
    // Metres per degree on WGS84 at the fix's latitude (as `metresPerDegree`, with one cosine).
    const c = Math.cos((lat * Math.PI) / 180);
    const c2 = 2 * c * c - 1;
    const c3 = c * (4 * c * c - 3);
    const c4 = 2 * c2 * c2 - 1;
    const c5 = c * (16 * c * c * c * c - 20 * c * c + 5);
    this.perLat = 111132.954 - 559.822 * c2 + 1.175 * c4;
    this.perLon = Math.max(111412.84 * c - 93.5 * c3 + 0.118 * c5, 1e-3);
  }

  /**
   * Squared offset and foot distance of the query on segment i, into evalOffsetSq / evalDistance; returns
   * the foot's position on the segment, 0 (start) to 1 (end).
   */
  evaluate(i: number): number {
    const ax = (this.lon[i]! - this.qLon) * this.perLon;
    const ay = (this.lat[i]! - this.qLat) * this.perLat;
    const dx = (this.lon[i + 1]! - this.qLon) * this.perLon - ax;
    const dy = (this.lat[i + 1]! - this.qLat) * this.perLat - ay;
    const lengthSq = dx * dx + dy * dy;
    let t = lengthSq > 0 ? -(ax * dx + ay * dy) / lengthSq : 0;
    t = Math.min(Math.max(t, 0), 1);
    const px = ax + t * dx;
    const py = ay + t * dy;
    this.evalOffsetSq = px * px + py * py;
    const d0 = this.dist[i]!;
    this.evalDistance = d0 + t * (this.dist[i + 1]! - d0);
    return t;
  }

  /** Squared offset and distance of point i, into evalOffsetSq / evalDistance. */
  evaluatePoint(i: number): void {
    const x = (this.lon[i]! - this.qLon) * this.perLon;
    const y = (this.lat[i]! - this.qLat) * this.perLat;
    this.evalOffsetSq = x * x + y * y;
    this.evalDistance = this.dist[i]!;
  }
}

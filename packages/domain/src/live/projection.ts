// Where is a rider on the course? Turns every incoming fix into a distance along one lap, fast enough for
// a whole peloton at 1 Hz on one core, and without mixing up the two sides of an out-and-back, the two
// branches of a figure-8 or the end of one lap and the start of the next.
//
// Geometry. Every distance is measured in a flat east/north frame centred on the fix itself (the same
// frame `snapToCourse` uses): within a few kilometres of the fix it is exact to centimetres, so offsets near
// the course are good to well under a metre. The distance along the course is always the course's own
// cumulative geodesic distance, interpolated on the segment the fix lands on.
//
// Choosing the segment. Without a hint the nearest segment wins (on a near tie, the earliest). With a hint,
// the segments near the fix whose foot point lies in the continuity window — from a little behind the
// previous distance (GPS noise) to as far ahead as the rider can have ridden (`reach`), wrapping past the
// end of a circuit onto the start — are preferred, and among those the one that is both close to the fix
// and close ahead of the previous distance. Only when nothing in the window is near the fix (a shortcut,
// a long gap, a hint that was wrong) does the nearest segment overall win.
//
// Speed. Most fixes land a few metres ahead of the previous one: walking the segments of the window from the
// hint's segment finds them without touching the spatial index (a Flatbush R-tree over segment boxes),
// which only serves first fixes and recoveries.
import Flatbush from 'flatbush';
import { CourseGeometryError } from '../course/errors.ts';
import { lonDelta } from '../course/geodesy.ts';
import { CIRCUIT_CLOSE_DISTANCE } from '../course/normalise.ts';
import type { CoursePoint } from '../course/types.ts';
import { type Metres, metres } from '../units.ts';
import type { Projection, ProjectionHint } from './types.ts';

/** How far behind the previous distance a fix may still land: GPS noise along the road, a rider stopped. */
export const PROJECTION_BACK_TOLERANCE = 50;

/**
 * In-window segments within this of the nearest in-window one compete on progress; farther ones are a
 * different road that merely lies within reach along the course (the other leg of a hairpin, …).
 */
const CANDIDATE_MARGIN = 30;

/**
 * An in-window segment this close to the fix is always plausible, whatever lies nearer outside the window
 * (the rule is: in-window segments count when within max(nearest + CANDIDATE_MARGIN, this) of the fix).
 */
const TRUSTED_OFFSET = 50;

/** Without a hint, segments within this of the nearest one are a tie, and the earliest wins. */
const TIE_MARGIN = 5;

/** Candidates closer than this along the course belong to the same pass over a place. */
const SAME_PASS = 2 * (TIE_MARGIN + TRUSTED_OFFSET);

/**
 * Cost of a candidate: its offset plus these metres per metre of progress from the previous distance
 * (forward) or of going back (behind). 100 m farther along weighs like 10 m farther from the fix: the
 * continuity window decides between places far apart along the course (out-and-back, figure-8, laps),
 * the offset between neighbouring roads (the two legs of a hairpin). Going back is only GPS noise or a rider
 * standing still, never progress, so it costs its full length: at the tip of an out-and-back, where the
 * fix lies on both legs, the leg ahead wins unless it is ten times farther than the one behind.
 */
const FORWARD_WEIGHT = 0.1;
const BACKWARD_WEIGHT = 1;

/** The fast path gives up and asks the index when the window spans more segments than this. */
const WALK_LIMIT = 256;

/** First search radius of the index (metres), multiplied by this factor until something is found. */
const FIRST_SEARCH_RADIUS = 100;
const SEARCH_GROWTH = 8;

export interface CourseProjectorOptions {
  /**
   * Whether the lap closes on itself, so that a rider near the end of it continues onto its start. Default:
   * the last point lies within CIRCUIT_CLOSE_DISTANCE of the first and the lap is at least 1 km long.
   */
  circuit?: boolean;
}

export class CourseProjector {
  /** Point coordinates; longitudes unwrapped around the first point so a course across ±180° is continuous. */
  private readonly lat: Float64Array;
  private readonly lon: Float64Array;
  private readonly dist: Float64Array;
  private readonly segments: number;
  private readonly lap: number;
  private readonly circuit: boolean;
  /** A circuit whose last point is its first: the last segment runs straight on into the first. */
  private readonly closed: boolean;
  private readonly index: Flatbush;
  private readonly lonRef: number;

  // Per-query state, so the hot path allocates nothing but its result.
  private qLat = 0;
  private qLon = 0;
  private perLat = 0;
  private perLon = 0;
  /** Result of the last `evaluate`: squared offset and foot distance along the lap. */
  private evalOffsetSq = 0;
  private evalDistance = 0;
  /** Candidates collected by the walk or the index search. */
  private readonly candSegment: Int32Array;
  private readonly candOffsetSq: Float64Array;
  private readonly candDistance: Float64Array;
  private candCount = 0;
  /** Squared offset of the nearest in-window candidate, set by `pickInWindow`. */
  private windowBestOffsetSq = 0;

  constructor(points: readonly CoursePoint[], options: CourseProjectorOptions = {}) {
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

    if (options.circuit !== undefined) {
      this.circuit = options.circuit;
    } else {
      this.setQuery(this.lat[0]!, points[0]!.lon);
      this.evaluatePoint(n - 1);
      this.circuit = Math.sqrt(this.evalOffsetSq) <= CIRCUIT_CLOSE_DISTANCE && this.lap >= 1000;
    }
    this.closed = this.circuit && this.lat[0] === this.lat[n - 1] && this.lon[0] === this.lon[n - 1];

    // The index works in degrees (unwrapped longitude, latitude): a search box of ±r metres converted with
    // the fix's own scale catches exactly the segments within r in the frame distances are measured in.
    this.index = new Flatbush(this.segments);
    for (let i = 0; i < this.segments; i++) {
      const lat0 = this.lat[i]!;
      const lat1 = this.lat[i + 1]!;
      const lon0 = this.lon[i]!;
      const lon1 = this.lon[i + 1]!;
      this.index.add(Math.min(lon0, lon1), Math.min(lat0, lat1), Math.max(lon0, lon1), Math.max(lat0, lat1));
    }
    this.index.finish();

    const capacity = this.segments + WALK_LIMIT + 2;
    this.candSegment = new Int32Array(capacity);
    this.candOffsetSq = new Float64Array(capacity);
    this.candDistance = new Float64Array(capacity);
  }

  /** Length of one lap. */
  get length(): Metres {
    return metres(this.lap);
  }

  /** Whether a rider near the end of the lap continues onto its start. */
  get isCircuit(): boolean {
    return this.circuit;
  }

  /**
   * Where the position lands on the lap. `hint` is what is known of the rider's previous position (null
   * for a first fix): it resolves places the course passes more than once.
   */
  project(lat: number, lon: number, hint: ProjectionHint | null): Projection {
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
      throw new CourseGeometryError(`Cannot place (${lat}, ${lon}) on the course: not a valid position`);
    }
    this.setQuery(lat, lon);

    if (hint !== null && Number.isFinite(hint.distance) && !Number.isNaN(hint.reach)) {
      const h = this.normaliseHintDistance(hint.distance);
      const reach = Math.min(Math.max(hint.reach, 0), this.lap);
      if (this.walk(h, reach, this.startSegment(h, hint.segment))) {
        // Every in-window segment is among the walked ones; an in-window segment this close to the fix is
        // plausible whatever lies nearer outside the window, so the index has nothing to add.
        const chosen = this.pickInWindow(h, reach);
        if (chosen >= 0 && this.windowBestOffsetSq <= TRUSTED_OFFSET * TRUSTED_OFFSET) {
          return this.result(chosen);
        }
      }
      const nearest = this.searchIndex();
      const chosen = this.pickInWindow(h, reach);
      const limit = Math.max(Math.sqrt(this.candOffsetSq[nearest]!) + CANDIDATE_MARGIN, TRUSTED_OFFSET);
      if (chosen >= 0 && this.windowBestOffsetSq <= limit * limit) return this.result(chosen);
      return this.result(this.pickNearest(nearest, h));
    }

    const nearest = this.searchIndex();
    return this.result(this.pickNearest(nearest, null));
  }

  private setQuery(lat: number, lon: number): void {
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
  private evaluate(i: number): number {
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

  private evaluatePoint(i: number): void {
    const x = (this.lon[i]! - this.qLon) * this.perLon;
    const y = (this.lat[i]! - this.qLat) * this.perLat;
    this.evalOffsetSq = x * x + y * y;
    this.evalDistance = this.dist[i]!;
  }

  /**
   * Adds segment i as a candidate when its foot point is a local minimum of the distance from the fix to the
   * course line: inside the segment, or on a vertex the course turns away from on both sides. A foot clamped
   * to a vertex the course comes nearer past is the neighbouring segment's business; keeping it would give
   * every pass a second, worse candidate that the progress cost could prefer.
   */
  private addCandidate(i: number): void {
    const t = this.evaluate(i);
    if (t === 0 && i > 0) return;
    if (t === 0 && this.closed) {
      // The start of a closed lap is also its end: a local minimum only if the last segment ends there too
      // ((vertex − fix) · (last direction) ≤ 0), and then it is both distance 0 and the lap length.
      const last = this.segments - 1;
      const vx = (this.lon[0]! - this.qLon) * this.perLon;
      const vy = (this.lat[0]! - this.qLat) * this.perLat;
      const ex = (this.lon[last + 1]! - this.lon[last]!) * this.perLon;
      const ey = (this.lat[last + 1]! - this.lat[last]!) * this.perLat;
      if (vx * ex + vy * ey > 0) return;
    }
    if (t === 1) {
      const next = i + 1 < this.segments ? i + 1 : this.closed ? 0 : -1;
      if (next >= 0) {
        // Does the next segment lead away from the fix? (vertex − fix) · (next direction) ≥ 0.
        const vx = (this.lon[next]! - this.qLon) * this.perLon;
        const vy = (this.lat[next]! - this.qLat) * this.perLat;
        const ex = (this.lon[next + 1]! - this.lon[next]!) * this.perLon;
        const ey = (this.lat[next + 1]! - this.lat[next]!) * this.perLat;
        if (vx * ex + vy * ey < 0) return;
      }
    }
    const k = this.candCount++;
    this.candSegment[k] = i;
    this.candOffsetSq[k] = this.evalOffsetSq;
    this.candDistance[k] = this.evalDistance;
  }

  private normaliseHintDistance(distance: number): number {
    const start = this.dist[0]!;
    if (this.circuit && this.lap > 0) {
      const r = (distance - start) % this.lap;
      return start + (r < 0 ? r + this.lap : r);
    }
    return Math.min(Math.max(distance, start), start + this.lap);
  }

  /** The hint's segment when it holds the hint's distance, else the segment found by distance. */
  private startSegment(h: number, segment: number): number {
    const dist = this.dist;
    if (Number.isInteger(segment) && segment >= 0 && segment < this.segments) {
      if (dist[segment]! <= h && h <= dist[segment + 1]!) return segment;
    }
    let lo = 0;
    let hi = this.segments - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (dist[mid]! <= h) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Collects every segment overlapping the continuity window, walking out from `start`. False when the
   * window spans too many segments (a long gap): the index is quicker then.
   */
  private walk(h: number, reach: number, start: number): boolean {
    const dist = this.dist;
    const m = this.segments;
    const lap = this.lap;
    const windowStart = h - PROJECTION_BACK_TOLERANCE;
    const windowEnd = h + reach;
    this.candCount = 0;
    let visited = 0;

    let i = start;
    let shift = 0;
    while (dist[i]! + shift <= windowEnd) {
      if (++visited > WALK_LIMIT) return false;
      this.addCandidate(i);
      if (++i === m) {
        if (!this.circuit) break;
        i = 0;
        shift += lap;
      }
      if (visited >= m) return true;
    }

    i = start - 1;
    shift = 0;
    while (visited < m) {
      if (i < 0) {
        if (!this.circuit) break;
        i = m - 1;
        shift -= lap;
      }
      if (dist[i + 1]! + shift < windowStart) break;
      if (++visited > WALK_LIMIT) return false;
      this.addCandidate(i);
      i--;
    }
    return true;
  }

  /**
   * Progress from the previous distance h to d, signed (negative: behind), when d lies in the continuity
   * window, else NaN. On a circuit the window wraps over the seam in both directions.
   */
  private progress(d: number, h: number, reach: number): number {
    let best = Number.NaN;
    let bestCost = Number.POSITIVE_INFINITY;
    const shifts = this.circuit ? 3 : 1;
    for (let s = 0; s < shifts; s++) {
      const delta = d - h + (s === 0 ? 0 : s === 1 ? this.lap : -this.lap);
      if (delta < -PROJECTION_BACK_TOLERANCE || delta > reach) continue;
      const cost = delta >= 0 ? delta * FORWARD_WEIGHT : -delta * BACKWARD_WEIGHT;
      if (cost < bestCost) {
        bestCost = cost;
        best = delta;
      }
    }
    return best;
  }

  /**
   * The best in-window candidate (index into the candidate buffers), or −1 when none is in the window: among
   * those within CANDIDATE_MARGIN of the nearest in-window one, the lowest offset + progress cost.
   */
  private pickInWindow(h: number, reach: number): number {
    const count = this.candCount;
    let bestOffsetSq = Number.POSITIVE_INFINITY;
    for (let k = 0; k < count; k++) {
      const offsetSq = this.candOffsetSq[k]!;
      if (offsetSq < bestOffsetSq && !Number.isNaN(this.progress(this.candDistance[k]!, h, reach))) {
        bestOffsetSq = offsetSq;
      }
    }
    this.windowBestOffsetSq = bestOffsetSq;
    if (bestOffsetSq === Number.POSITIVE_INFINITY) return -1;
    const limit = Math.sqrt(bestOffsetSq) + CANDIDATE_MARGIN;
    const limitSq = limit * limit;
    let chosen = -1;
    let chosenCost = Number.POSITIVE_INFINITY;
    for (let k = 0; k < count; k++) {
      const offsetSq = this.candOffsetSq[k]!;
      if (offsetSq > limitSq) continue;
      const delta = this.progress(this.candDistance[k]!, h, reach);
      if (Number.isNaN(delta)) continue;
      const cost = Math.sqrt(offsetSq) + (delta >= 0 ? delta * FORWARD_WEIGHT : -delta * BACKWARD_WEIGHT);
      if (cost < chosenCost) {
        chosenCost = cost;
        chosen = k;
      }
    }
    return chosen;
  }

  /**
   * Fills the candidate buffers with every segment within max(nearest + 60 m, 80 m) of the query — enough
   * for every rule in `project` — and returns the candidate index of the nearest segment.
   */
  private searchIndex(): number {
    const index = this.index;
    let radius = FIRST_SEARCH_RADIUS;
    for (;;) {
      const dLat = radius / this.perLat;
      const dLon = Math.min(radius / this.perLon, 360);
      const hits = index.search(this.qLon - dLon, this.qLat - dLat, this.qLon + dLon, this.qLat + dLat);
      const coversAll =
        this.qLon - dLon <= index.minX &&
        this.qLat - dLat <= index.minY &&
        this.qLon + dLon >= index.maxX &&
        this.qLat + dLat >= index.maxY;
      this.candCount = 0;
      let nearest = -1;
      for (const i of hits) {
        this.addCandidate(i);
        const k = this.candCount - 1;
        if (nearest < 0 || this.candOffsetSq[k]! < this.candOffsetSq[nearest]!) nearest = k;
      }
      if (nearest >= 0) {
        const needed = Math.max(Math.sqrt(this.candOffsetSq[nearest]!) + 2 * CANDIDATE_MARGIN, 80);
        if (needed <= radius || coversAll) return nearest;
        radius = needed;
      } else if (coversAll) {
        throw new CourseGeometryError('The course index is empty');
      } else {
        radius *= SEARCH_GROWTH;
      }
    }
  }

  /**
   * The nearest candidate, except that when another pass of the course lies about as near (within
   * TIE_MARGIN), the pass closest along the course to the previous distance (with a hint) or the earliest
   * pass (without) wins, at its own nearest segment.
   */
  private pickNearest(nearest: number, h: number | null): number {
    const limit = Math.sqrt(this.candOffsetSq[nearest]!) + TIE_MARGIN;
    const limitSq = limit * limit;
    let pass = nearest;
    let passKey = this.nearestKey(nearest, h);
    for (let k = 0; k < this.candCount; k++) {
      if (this.candOffsetSq[k]! > limitSq) continue;
      const key = this.nearestKey(k, h);
      if (key < passKey) {
        pass = k;
        passKey = key;
      }
    }
    // Neighbouring segments of one pass are also within the margin near a bend: settle on the pass, then
    // on its nearest segment, so a fix by a bend is not pulled back to the earlier segment.
    const passDistance = this.candDistance[pass]!;
    let chosen = pass;
    for (let k = 0; k < this.candCount; k++) {
      if (
        this.candOffsetSq[k]! < this.candOffsetSq[chosen]! &&
        Math.abs(this.candDistance[k]! - passDistance) <= SAME_PASS
      ) {
        chosen = k;
      }
    }
    return chosen;
  }

  private nearestKey(k: number, h: number | null): number {
    const d = this.candDistance[k]!;
    if (h === null) return d;
    const apart = Math.abs(d - h);
    return this.circuit ? Math.min(apart, this.lap - apart) : apart;
  }

  private result(k: number): Projection {
    return {
      distance: metres(this.candDistance[k]!),
      offset: metres(Math.sqrt(this.candOffsetSq[k]!)),
      segment: this.candSegment[k]!,
    };
  }
}

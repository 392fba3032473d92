// The segments a fix may land on, found either by walking the continuity window or by the index search,
// kept in preallocated buffers (structure of arrays) so the hot path allocates nothing. Only segments whose
// foot point is a local minimum of the distance from the fix to the course line get in.
//
// Why a subclass of CourseLine rather than a separate object holding one: `add` runs for every segment of
// every walk, and with the geometry on the same receiver V8 optimises `add` + `evaluate` as one piece of code
// on one object, as when the projector was a single class; through a second object the projector measured
// a few percent slower.
import type { CoursePoint } from '../../course/types.ts';
import { CourseLine } from './course-line.ts';
import { WALK_LIMIT } from './tuning.ts';

export class Candidates extends CourseLine {
  readonly segment: Int32Array;
  readonly offsetSq: Float64Array;
  readonly distance: Float64Array;
  count = 0;

  constructor(points: readonly CoursePoint[], circuit: boolean | undefined) {
    super(points, circuit);
    // Room for every segment (one index search can return them all) or a walk up to its limit.
    const capacity = this.segments + WALK_LIMIT + 2;
    this.segment = new Int32Array(capacity);
    this.offsetSq = new Float64Array(capacity);
    this.distance = new Float64Array(capacity);
  }

  /**
   * Adds segment i when its foot point is a local minimum of the distance from the fix to the course line:
   * inside the segment, or on a vertex the course turns away from on both sides. A foot clamped to a vertex
   * the course comes nearer past is the neighbouring segment's business; keeping it would give every pass
   * a second, worse candidate that the progress cost could prefer.
   */
  add(i: number): void {
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
        // (Written out rather than shared with the check above: a helper call here measured slower.)
        const vx = (this.lon[next]! - this.qLon) * this.perLon;
        const vy = (this.lat[next]! - this.qLat) * this.perLat;
        const ex = (this.lon[next + 1]! - this.lon[next]!) * this.perLon;
        const ey = (this.lat[next + 1]! - this.lat[next]!) * this.perLat;
        if (vx * ex + vy * ey < 0) return;
      }
    }
    const k = this.count++;
    this.segment[k] = i;
    this.offsetSq[k] = this.evalOffsetSq;
    this.distance[k] = this.evalDistance;
  }
}

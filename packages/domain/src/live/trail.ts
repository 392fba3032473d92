// "When did this rider pass distance d?" — the question behind every live gap. Each rider keeps a compact,
// monotone time-at-distance polyline: one sample per `spacing` metres, plus the arrival and departure of every
// real stop, so interpolation stays right across a stop. Two typed arrays (Int32 ms since the first sample,
// Float32 metres) make a sample 8 bytes: ~32 KB for 200 km at 50 m spacing, whatever the fix rate.

/** A stop shorter than this is folded into the linear interpolation around it. */
const STOP_MIN_MS = 10_000;
const INITIAL_CAPACITY = 64;

/** A trail's newest sample, as saved with a rider's track. */
export interface TrailHead {
  time: number;
  distance: number;
  plateauStart: number;
}

export class DistanceTrail {
  readonly #spacing: number;
  #times = new Int32Array(INITIAL_CAPACITY);
  #distances = new Float32Array(INITIAL_CAPACITY);
  /** Samples stored; the last one is the head: the newest point, overwritten until it is worth keeping. */
  #count = 0;
  #base = 0;
  /** When the head first reached its (held) distance. */
  #plateauStart = 0;
  /** Bumped by every write, so that a remembered lookup is never of an older trail. */
  #version = 0;
  /** The last place looked up, the trail's version then and the index found (see #indexAtDistance). */
  #lastQuery = Number.NaN;
  #lastVersion = -1;
  #lastIndex = -1;

  constructor(spacing: number) {
    this.#spacing = spacing;
  }

  get size(): number {
    return this.#count;
  }

  /** Time of the newest sample: when the rider was last seen at its furthest distance. */
  get headTime(): number | null {
    return this.#count === 0 ? null : this.#base + this.#times[this.#count - 1]!;
  }

  get headDistance(): number | null {
    return this.#count === 0 ? null : this.#distances[this.#count - 1]!;
  }

  /**
   * The rider is at (furthest) distance `distance` at `time`. Distances must not decrease and times must
   * increase: the caller feeds its max-held distance from fixes processed in order.
   */
  push(time: number, distance: number): void {
    const d = Math.fround(distance);
    if (this.#count === 0) {
      this.#base = time;
      this.#write(0, time, d);
      this.#count = 1;
      this.#plateauStart = time;
      return;
    }
    const h = this.#count - 1;
    const headD = this.#distances[h]!;
    const headT = this.#base + this.#times[h]!;
    if (d <= headD) {
      // Not moved past its furthest point: the head now stands for this later moment (the first sample, the
      // start, is never moved).
      if (h === 0) this.#append(time, headD);
      else this.#write(h, time, headD);
      return;
    }
    if (h === 0) {
      // The first sample (the start) is always kept.
    } else if (headT - this.#plateauStart >= STOP_MIN_MS) {
      // The head ends a real stop: keep its arrival and its departure.
      const keptD = this.#distances[h - 1]!;
      const keptT = this.#base + this.#times[h - 1]!;
      if (keptD < headD && keptT < this.#plateauStart) {
        this.#write(h, this.#plateauStart, headD);
        this.#append(headT, headD);
      }
    } else if (headD - this.#distances[h - 1]! < this.#spacing) {
      // Close to the last kept sample: replace the head.
      this.#write(h, time, d);
      this.#plateauStart = time;
      return;
    }
    this.#append(time, d);
    this.#plateauStart = time;
  }

  /** The head alone (its time and distance, and when it first reached that distance); null when empty. */
  headState(): TrailHead | null {
    if (this.#count === 0) return null;
    return { time: this.headTime!, distance: this.headDistance!, plateauStart: this.#plateauStart };
  }

  /**
   * A trail that starts at a saved head: what comes after it is kept exactly as the full trail would keep
   * it from there (the head's time, which crossings are timed from, is the same); what came before is not
   * there, so `timeAt` answers only from the head on.
   */
  static fromHead(spacing: number, head: TrailHead | null): DistanceTrail {
    const trail = new DistanceTrail(spacing);
    if (head === null) return trail;
    trail.#base = head.time;
    trail.#write(0, head.time, head.distance);
    trail.#count = 1;
    trail.#plateauStart = head.plateauStart;
    return trail;
  }

  /** When the rider first reached `distance`, interpolated; null outside what the trail covers. */
  timeAt(distance: number): number | null {
    const q = Math.fround(distance);
    const lo = this.#indexAtDistance(q);
    if (lo < 0) return null;
    const t1 = this.#times[lo]!;
    if (lo === 0) return this.#base + t1;
    const d0 = this.#distances[lo - 1]!;
    const d1 = this.#distances[lo]!;
    const t0 = this.#times[lo - 1]!;
    return this.#base + t0 + ((t1 - t0) * (q - d0)) / (d1 - d0);
  }

  /**
   * How long (ms) the rider took over the stretch of trail that places `distance`: a few seconds where its
   * phone reported, minutes across a silence (where the trail is only a straight line). Null outside the
   * trail.
   */
  spanAtDistance(distance: number): number | null {
    const lo = this.#indexAtDistance(Math.fround(distance));
    if (lo < 0) return null;
    return lo === 0 ? 0 : this.#times[lo]! - this.#times[lo - 1]!;
  }

  /** The same as spanAtDistance, for the stretch of trail that places the instant `time`. */
  spanAtTime(time: number): number | null {
    const lo = this.#firstAtOrBeyond(this.#times, time - this.#base);
    if (lo < 0) return null;
    // A stop (a plateau, seen by fixes throughout) is not a silence.
    if (lo === 0 || this.#distances[lo] === this.#distances[lo - 1]) return 0;
    return this.#times[lo]! - this.#times[lo - 1]!;
  }

  /**
   * How far the rider had got at `time` (the inverse of timeAt), interpolated; null outside what the trail
   * covers. During a stop, the distance of the stop.
   */
  distanceAt(time: number): number | null {
    const q = time - this.#base;
    const lo = this.#firstAtOrBeyond(this.#times, q);
    if (lo < 0) return null;
    const d1 = this.#distances[lo]!;
    if (lo === 0) return d1;
    const t0 = this.#times[lo - 1]!;
    const t1 = this.#times[lo]!;
    const d0 = this.#distances[lo - 1]!;
    return t1 > t0 ? d0 + ((d1 - d0) * (q - t0)) / (t1 - t0) : d1;
  }

  /**
   * Index of the first sample at or beyond `q` (a float32 distance), −1 outside the trail. The last answer is
   * kept: the live standings ask timeAt and spanAtDistance of the same place one after the other.
   */
  #indexAtDistance(q: number): number {
    // Only answers inside the trail are remembered, so a remembered one needs no range check.
    if (q === this.#lastQuery && this.#lastVersion === this.#version) return this.#lastIndex;
    const lo = this.#firstAtOrBeyond(this.#distances, q);
    if (lo < 0) return -1;
    this.#lastQuery = q;
    this.#lastVersion = this.#version;
    this.#lastIndex = lo;
    return lo;
  }

  /**
   * Index of the first sample whose value in `values` (the times or the distances: both never decrease
   * along the trail) is at or beyond `q`, by binary search; −1 when `q` is outside the samples.
   */
  #firstAtOrBeyond(values: Int32Array | Float32Array, q: number): number {
    const n = this.#count;
    if (n === 0 || q < values[0]! || q > values[n - 1]!) return -1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid]! >= q) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  #append(time: number, distance: number): void {
    if (this.#count === this.#times.length) {
      const times = new Int32Array(this.#times.length * 2);
      times.set(this.#times);
      this.#times = times;
      const distances = new Float32Array(this.#distances.length * 2);
      distances.set(this.#distances);
      this.#distances = distances;
    }
    this.#write(this.#count, time, distance);
    this.#count++;
  }

  #write(index: number, time: number, distance: number): void {
    this.#version++;
    this.#times[index] = Math.round(time - this.#base);
    this.#distances[index] = distance;
  }
}

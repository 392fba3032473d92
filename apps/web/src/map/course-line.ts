/**
 * A course line that answers "where is distance d?" for drawing riders. The simplified line the API
 * gives is shorter than the real course (corners cut), so its own length is scaled to the lap length:
 * a rider at 50 % of the lap is drawn at 50 % of the line.
 */
export class CourseLine {
  readonly points: Array<[number, number]>;
  private readonly cumulative: Float64Array;
  readonly lapLength: number;

  constructor(points: Array<[number, number]>, lapLength: number) {
    this.points = points;
    this.lapLength = lapLength;
    this.cumulative = new Float64Array(points.length);
    for (let k = 1; k < points.length; k += 1) {
      this.cumulative[k] = this.cumulative[k - 1]! + haversine(points[k - 1]!, points[k]!);
    }
  }

  /** [lat, lon] at `distance` metres from the start, laps wrapping round. */
  at(distance: number): [number, number] | null {
    const n = this.points.length;
    if (n === 0) return null;
    if (n === 1 || this.lapLength <= 0) return this.points[0]!;
    const total = this.cumulative[n - 1]!;
    let inLap = ((distance % this.lapLength) + this.lapLength) % this.lapLength;
    // The end of a lap (the finish line) is the end of the line, not the start again: they differ on
    // a point-to-point course.
    if (inLap === 0 && distance > 0) inLap = this.lapLength;
    const target = (inLap / this.lapLength) * total;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! <= target) lo = mid;
      else hi = mid;
    }
    const span = this.cumulative[hi]! - this.cumulative[lo]!;
    const f = span > 0 ? (target - this.cumulative[lo]!) / span : 0;
    const a = this.points[lo]!;
    const b = this.points[hi]!;
    return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
  }
}

const R = 6_371_008.8;
const rad = Math.PI / 180;

function haversine(a: [number, number], b: [number, number]): number {
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

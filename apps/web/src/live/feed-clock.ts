/**
 * The feed's clock: event time as the server stamps frames (`at`), carried on between frames. A real
 * race runs at one event second per wall second; a replay or a sped-up simulation runs faster, so the
 * rate is measured from the frames themselves. The viewer's own clock may be wrong or in another
 * zone — only the gaps between wall readings are used, never the wall time itself.
 */
export class FeedClock {
  private samples: Array<[at: number, wall: number]> = [];
  private rate = 1;
  private lastReturned = 0;
  /** Wall time (ms) of the last frame seen, or null before the first. */
  lastFrameWall: number | null = null;

  /** Notes a frame stamped `at` (event ms) that arrived at `wall` (ms of any monotonic clock). */
  observe(at: number, wall: number): void {
    const last = this.samples[this.samples.length - 1];
    this.lastFrameWall = wall;
    if (last && at < last[0]) {
      // A fresh snapshot from an earlier time (a resync or a new round): start measuring again.
      this.samples = [];
      this.lastReturned = 0;
    }
    if (last && last[0] === at) return;
    this.samples.push([at, wall]);
    if (this.samples.length > 20) this.samples.shift();
    const first = this.samples[0]!;
    const newest = this.samples[this.samples.length - 1]!;
    const wallSpan = newest[1] - first[1];
    if (wallSpan >= 2000) {
      this.rate = Math.min(1000, Math.max(0.25, (newest[0] - first[0]) / wallSpan));
    }
  }

  /** Event seconds per wall second, as measured (1 until enough frames came). */
  get speed(): number {
    return this.rate;
  }

  /** Event time now: the last frame's `at` carried on at the measured rate, never going backwards. */
  now(wall: number): number {
    const last = this.samples[this.samples.length - 1];
    if (!last) return wall;
    const estimate = last[0] + Math.max(0, wall - last[1]) * this.rate;
    this.lastReturned = Math.max(this.lastReturned, estimate);
    return this.lastReturned;
  }
}

/**
 * A stage's clock follows its fixes' event time, not only the wall clock. In a real race the two agree
 * (fixes arrive a second or two after they are taken). A replay or a sped-up simulation stamps fixes in
 * the past and moves faster than real time; following the newest fix keeps "signal lost", ETAs and
 * gaps consistent with the data instead of declaring every rider lost.
 */
export class EventClock {
  private newestEvent = 0;
  private seenAtWall = 0;
  private readonly wallNow: () => number;

  constructor(wallNow: () => number = Date.now) {
    this.wallNow = wallNow;
  }

  /** Notes a fix's time; only a newer one moves the clock. */
  observe(eventTime: number): void {
    if (eventTime > this.newestEvent) {
      this.newestEvent = eventTime;
      this.seenAtWall = this.wallNow();
    }
  }

  /** Newest event time plus the wall time since it was seen, never ahead of the wall clock. */
  now(): number {
    const wall = this.wallNow();
    if (this.newestEvent === 0) return wall;
    return Math.min(wall, this.newestEvent + (wall - this.seenAtWall));
  }
}

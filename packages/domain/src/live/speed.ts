// A rider's recent speed along the course, from its own fixes: distance over (about) the last `windowMs`.
// A fixed ring of samples a few seconds apart, so the cost per fix is constant whatever the fix rate.

const SLOTS = 8;

export class RecentSpeed {
  readonly #windowMs: number;
  /** Samples closer together than this replace the newest one instead of taking a new slot. */
  readonly #stepMs: number;
  readonly #times = new Float64Array(SLOTS);
  readonly #distances = new Float64Array(SLOTS);
  #count = 0;
  #newest = -1;

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
    this.#stepMs = windowMs / (SLOTS - 2);
  }

  push(time: number, distance: number): void {
    if (this.#count >= 2) {
      const previous = (this.#newest + SLOTS - 1) % SLOTS;
      if (time - this.#times[previous]! < this.#stepMs) {
        this.#times[this.#newest] = time;
        this.#distances[this.#newest] = distance;
        return;
      }
    }
    this.#newest = (this.#newest + 1) % SLOTS;
    this.#times[this.#newest] = time;
    this.#distances[this.#newest] = distance;
    if (this.#count < SLOTS) this.#count++;
  }

  /** The ring as plain numbers (oldest first), to save with a rider's track. */
  samples(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let k = this.#count - 1; k >= 0; k--) {
      const slot = (this.#newest + SLOTS - k) % SLOTS;
      out.push([this.#times[slot]!, this.#distances[slot]!]);
    }
    return out;
  }

  /** A recent speed holding saved samples (oldest first): it goes on exactly as the saved one would. */
  static fromSamples(windowMs: number, samples: ReadonlyArray<readonly [number, number]>): RecentSpeed {
    const speed = new RecentSpeed(windowMs);
    for (const [time, distance] of samples.slice(-SLOTS)) {
      speed.#newest = (speed.#newest + 1) % SLOTS;
      speed.#times[speed.#newest] = time;
      speed.#distances[speed.#newest] = distance;
      speed.#count++;
    }
    return speed;
  }

  /** Metres per second over the window (never negative), null with fewer than two samples. */
  get value(): number | null {
    if (this.#count < 2) return null;
    const newestT = this.#times[this.#newest]!;
    // The most recent sample at least a window old, else the oldest one kept.
    let from = this.#newest;
    for (let k = 1; k < this.#count; k++) {
      from = (this.#newest + SLOTS - k) % SLOTS;
      if (newestT - this.#times[from]! >= this.#windowMs) break;
    }
    const dt = newestT - this.#times[from]!;
    if (dt <= 0) return null;
    return Math.max(0, (this.#distances[this.#newest]! - this.#distances[from]!) / (dt / 1000));
  }
}

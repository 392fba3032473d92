import { HttpProblem } from '../../http/problem.ts';

/**
 * Third-party trackers (OsmAnd, OwnTracks) identify themselves by a tracker id alone, so an unknown id
 * answering differently from a known one lets a client enumerate ids. Every address gets a budget of
 * misses (unknown ids, wrong passwords) per minute; past it every third-party request from that address
 * answers 429 until the minute is over, known ids included, so guessing stops paying. Honest trackers
 * almost never miss, so a race's riders behind one mobile network's shared address are not held up.
 */
export class GuessThrottle {
  private readonly maxMisses: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly misses = new Map<string, { count: number; resetAt: number }>();

  constructor(options: { maxMisses?: number; windowMs?: number; maxAddresses?: number } = {}) {
    this.maxMisses = options.maxMisses ?? 20;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 100_000;
  }

  /** Throws 429 when `address` has used up its misses in the current window. */
  assertAllowed(address: string): void {
    const entry = this.current(address);
    if (entry && entry.count >= this.maxMisses) {
      const seconds = Math.ceil((entry.resetAt - Date.now()) / 1000);
      throw new HttpProblem(
        429,
        `Too many unknown tracker ids or wrong passwords from this address: try again in ${seconds} s`,
      );
    }
  }

  miss(address: string): void {
    const entry = this.current(address);
    if (entry) {
      entry.count++;
      return;
    }
    // A flood of spoofed addresses must not grow the map without bound: start over (fail open).
    if (this.misses.size >= this.maxAddresses) this.misses.clear();
    this.misses.set(address, { count: 1, resetAt: Date.now() + this.windowMs });
  }

  private current(address: string) {
    const entry = this.misses.get(address);
    if (entry && entry.resetAt <= Date.now()) {
      this.misses.delete(address);
      return undefined;
    }
    return entry;
  }
}

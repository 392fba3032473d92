/** One exchange with the server: device time when the request left and when the answer came. */
export interface ClockSample {
  sentAt: number;
  receivedAt: number;
  /** The server's time while handling the request, epoch ms. */
  serverTime: number;
  /** How finely serverTime is known: 1000 for a Date header (whole seconds, truncated), 0 for an echo. */
  resolutionMs?: number;
}

export interface ClockEstimate {
  /** Add to device time to get server time, ms. */
  offsetMs: number;
  /** The true offset lies within offsetMs ± uncertaintyMs (if network delays are not negative). */
  uncertaintyMs: number;
  /** Round trip of the sample the estimate comes from, ms. */
  roundTripMs: number;
  /** How many samples the estimate chose from. */
  samples: number;
}

interface Judged {
  offsetMs: number;
  uncertaintyMs: number;
  roundTripMs: number;
}

/**
 * Estimates how far the device clock is from the server's, NTP-style: each exchange gives
 * offset = serverTime − (sentAt + receivedAt) / 2, wrong by at most half the round trip (all of the
 * delay on one leg). Mobile links are asymmetric and noisy, so averaging would keep their bias; the
 * estimate is the sample with the shortest round trip among the last `window`, whose error bound is
 * the tightest. A sample that cannot be reconciled with the estimate (their bounds do not overlap)
 * means a clock was stepped — the phone synchronised, the user changed the time — and the older
 * samples are dropped.
 */
export class ClockOffsetEstimator {
  private readonly window: number;
  private samples: Judged[] = [];

  constructor(options: { window?: number } = {}) {
    this.window = options.window ?? 8;
    if (!Number.isInteger(this.window) || this.window < 1) {
      throw new RangeError(`window must be a whole number from 1, not ${this.window}`);
    }
  }

  add(sample: ClockSample): void {
    const roundTripMs = sample.receivedAt - sample.sentAt;
    // The device clock was stepped during the request: the sample measures nothing.
    if (!(roundTripMs >= 0) || !Number.isFinite(sample.serverTime)) return;
    const resolution = sample.resolutionMs ?? 0;
    // A Date header truncates to the second: the server's time was in [time, time + resolution).
    const judged = {
      offsetMs: sample.serverTime + resolution / 2 - (sample.sentAt + sample.receivedAt) / 2,
      uncertaintyMs: roundTripMs / 2 + resolution / 2,
      roundTripMs,
    };
    const current = this.best();
    if (
      current &&
      Math.abs(judged.offsetMs - current.offsetMs) > judged.uncertaintyMs + current.uncertaintyMs
    ) {
      this.samples = [];
    }
    this.samples.push(judged);
    if (this.samples.length > this.window) this.samples.shift();
  }

  estimate(): ClockEstimate | null {
    const best = this.best();
    return best ? { ...best, samples: this.samples.length } : null;
  }

  /** Forgets every sample, e.g. when the host learns that the device clock was changed. */
  reset(): void {
    this.samples = [];
  }

  private best(): Judged | null {
    let best: Judged | null = null;
    for (const s of this.samples) if (!best || s.uncertaintyMs < best.uncertaintyMs) best = s;
    return best;
  }
}

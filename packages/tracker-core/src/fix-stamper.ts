import type { ClockEstimate } from './clock-offset.ts';

export interface StamperOptions {
  /**
   * Offsets smaller than this are left alone (ms): the server accepts fixes up to 30 s ahead, and
   * correcting by a noisy few hundred ms would only shift the track around.
   */
  minCorrectionMs: number;
}

export const DEFAULT_STAMPER: StamperOptions = { minCorrectionMs: 1_000 };

/**
 * Turns the device's time of a fix into server time. A device clock can be minutes off (set by hand,
 * no network time): the server then refuses its fixes as being in the future, or places the rider in
 * the wrong second. The correction applies only once the estimate is sure the clock is off — the offset
 * is larger than both its uncertainty and minCorrectionMs — and it is held until the estimate moves by
 * more than its uncertainty, so consecutive fixes are not nudged back and forth by sampling noise.
 */
export class FixStamper {
  private readonly options: StamperOptions;
  private applied = 0;

  constructor(options: StamperOptions = DEFAULT_STAMPER) {
    this.options = options;
  }

  /** The correction (ms) the stamper applies to fixes after seeing this estimate. */
  update(estimate: ClockEstimate | null): number {
    if (!estimate) return this.applied;
    const sure = Math.abs(estimate.offsetMs) > Math.max(estimate.uncertaintyMs, this.options.minCorrectionMs);
    const target = sure ? Math.round(estimate.offsetMs) : 0;
    if (
      Math.abs(target - this.applied) > Math.max(estimate.uncertaintyMs, this.options.minCorrectionMs / 2)
    ) {
      this.applied = target;
    }
    return this.applied;
  }

  stamp(deviceTime: number): number {
    return Math.round(deviceTime + this.applied);
  }

  get correctionMs(): number {
    return this.applied;
  }
}

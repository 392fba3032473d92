/**
 * The server's clock as the browser sees it: the device's time plus an offset estimated NTP-style from a
 * few exchanges with `GET /api/v1/time`. A commissaire's laptop a few seconds off must not send time-trial
 * riders off at the wrong second. Pure: the request and the device clock are injected.
 */
import { type ClockEstimate, ClockOffsetEstimator } from '@echelon/tracker-core';

export interface ServerClockPorts {
  /** The server's time while it answered, epoch ms; rejects when the server cannot be reached. */
  fetchServerTime: () => Promise<number>;
  /** This device's clock, epoch ms. */
  deviceNow: () => number;
}

export class ServerClock {
  private readonly ports: ServerClockPorts;
  // The tracker core's estimator: the shortest round trip among the recent exchanges wins, and a
  // device clock stepped meanwhile (the laptop synchronised) drops the older samples.
  private readonly estimator = new ClockOffsetEstimator();

  constructor(ports: ServerClockPorts) {
    this.ports = ports;
  }

  /** One exchange with the server; false when it failed, the estimate keeping what it had. */
  async sample(): Promise<boolean> {
    const sentAt = this.ports.deviceNow();
    let serverTime: number;
    try {
      serverTime = await this.ports.fetchServerTime();
    } catch {
      return false;
    }
    this.estimator.add({ sentAt, serverTime, receivedAt: this.ports.deviceNow() });
    return true;
  }

  /**
   * `count` exchanges one after the other (not at once: parallel requests queue behind each other and
   * lengthen every round trip), stopping at the first failure. Returns the estimate after them.
   */
  async measure(count: number): Promise<ClockEstimate | null> {
    for (let k = 0; k < count; k++) if (!(await this.sample())) break;
    return this.estimate();
  }

  /** Null until one exchange succeeded. */
  estimate(): ClockEstimate | null {
    return this.estimator.estimate();
  }

  /** The server's time now, epoch ms: the device's own until the server has answered once. */
  now(): number {
    return this.ports.deviceNow() + (this.estimator.estimate()?.offsetMs ?? 0);
  }
}

/**
 * The estimate as the screen shows it, in seconds: the server's clock minus this device's, signed to a
 * tenth ("+2.3", "−5.0"), and the bound on its error to a hundredth, rounded up since it is a bound.
 */
export function clockOffsetText(estimate: ClockEstimate): { offset: string; uncertainty: string } {
  const tenths = Math.round(estimate.offsetMs / 100);
  const offset = `${tenths < 0 ? '−' : '+'}${(Math.abs(tenths) / 10).toFixed(1)}`;
  const uncertainty = (Math.ceil(estimate.uncertaintyMs / 10) / 100).toFixed(2);
  return { offset, uncertainty };
}

import { describe, expect, it } from 'vitest';
import { ClockOffsetEstimator, type ClockSample } from '../src/index.ts';
import { seeded } from './support/fake-server.ts';

const T0 = Date.UTC(2025, 6, 1, 12, 0, 0);

/**
 * One exchange over a mobile link: a slow, jittery uplink (40 ms to 1.5 s) and a faster downlink
 * (20–200 ms) — the asymmetry that biases a naive estimate by hundreds of ms.
 */
function exchange(random: () => number, at: number, trueOffset: number, resolutionMs = 0): ClockSample {
  const up = 40 + random() ** 3 * 1_460;
  const down = 20 + random() * 180;
  const handledAt = at + up + trueOffset;
  const serverTime = resolutionMs > 0 ? Math.floor(handledAt / resolutionMs) * resolutionMs : handledAt;
  return { sentAt: at, receivedAt: at + up + 3 + down, serverTime, resolutionMs };
}

describe('ClockOffsetEstimator', () => {
  it('knows nothing before the first sample', () => {
    expect(new ClockOffsetEstimator().estimate()).toBeNull();
  });

  it('converges on the true offset through asymmetric, noisy round trips', () => {
    const random = seeded(42);
    const estimator = new ClockOffsetEstimator({ window: 8 });
    const naive: number[] = [];
    let firstUncertainty = 0;
    for (let i = 0; i < 60; i++) {
      const sample = exchange(random, T0 + i * 5_000, 42_000);
      naive.push(sample.serverTime - (sample.sentAt + sample.receivedAt) / 2);
      estimator.add(sample);
      const estimate = estimator.estimate()!;
      if (i === 0) firstUncertainty = estimate.uncertaintyMs;
      // The bound always holds: the truth is never outside offset ± uncertainty.
      expect(Math.abs(estimate.offsetMs - 42_000)).toBeLessThanOrEqual(estimate.uncertaintyMs);
    }
    const estimate = estimator.estimate()!;
    expect(estimate.samples).toBe(8);
    expect(estimate.uncertaintyMs).toBeLessThan(firstUncertainty);
    expect(estimate.uncertaintyMs).toBeLessThan(100);
    expect(Math.abs(estimate.offsetMs - 42_000)).toBeLessThan(60);
    // Averaging keeps the uplink's bias; the shortest round trip does not.
    const mean = naive.reduce((a, b) => a + b, 0) / naive.length;
    expect(Math.abs(mean - 42_000)).toBeGreaterThan(3 * Math.abs(estimate.offsetMs - 42_000));
  });

  it('reads Date headers, known to the second, without bias', () => {
    const random = seeded(3);
    const estimator = new ClockOffsetEstimator();
    for (let i = 0; i < 20; i++) {
      estimator.add(exchange(random, T0 + i * 7_321, -95_000, 1000));
      const estimate = estimator.estimate()!;
      expect(Math.abs(estimate.offsetMs + 95_000)).toBeLessThanOrEqual(estimate.uncertaintyMs);
      expect(estimate.uncertaintyMs).toBeGreaterThanOrEqual(500);
    }
    expect(Math.abs(estimator.estimate()!.offsetMs + 95_000)).toBeLessThan(600);
  });

  it('starts over when the device clock is stepped', () => {
    const random = seeded(9);
    const estimator = new ClockOffsetEstimator();
    for (let i = 0; i < 8; i++) estimator.add(exchange(random, T0 + i * 1_000, 42_000));
    // The phone synchronised its clock: the offset is now 2 s, and old samples would lie.
    estimator.add(exchange(random, T0 + 60_000, 2_000));
    const estimate = estimator.estimate()!;
    expect(estimate.samples).toBe(1);
    expect(Math.abs(estimate.offsetMs - 2_000)).toBeLessThanOrEqual(estimate.uncertaintyMs);
  });

  it('ignores a sample whose answer came back before the request left', () => {
    const estimator = new ClockOffsetEstimator();
    estimator.add({ sentAt: T0, receivedAt: T0 - 1, serverTime: T0 });
    expect(estimator.estimate()).toBeNull();
    estimator.add({ sentAt: T0, receivedAt: T0 + 100, serverTime: T0 + 1_050 });
    expect(estimator.estimate()).toEqual({
      offsetMs: 1_000,
      uncertaintyMs: 50,
      roundTripMs: 100,
      samples: 1,
    });
    estimator.reset();
    expect(estimator.estimate()).toBeNull();
  });

  it('refuses a window that is not a whole number from 1', () => {
    expect(() => new ClockOffsetEstimator({ window: 0 })).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { FixStamper } from '../src/index.ts';

const estimate = (offsetMs: number, uncertaintyMs: number) => ({
  offsetMs,
  uncertaintyMs,
  roundTripMs: uncertaintyMs * 2,
  samples: 1,
});

describe('FixStamper', () => {
  it('leaves time alone until the clock is known to be off', () => {
    const stamper = new FixStamper();
    expect(stamper.stamp(1_000)).toBe(1_000);
    expect(stamper.update(estimate(600, 50))).toBe(0); // below the minimum correction
    expect(stamper.update(estimate(3_000, 4_000))).toBe(0); // not sure it is off at all
    expect(stamper.stamp(1_000)).toBe(1_000);
  });

  it('corrects a clock that is off, and holds the correction against noise', () => {
    const stamper = new FixStamper();
    expect(stamper.update(estimate(-42_170, 80))).toBe(-42_170);
    expect(stamper.stamp(100_000)).toBe(57_830);
    expect(stamper.update(estimate(-42_120, 40))).toBe(-42_170);
    expect(stamper.update(estimate(-40_000, 40))).toBe(-40_000);
    // The clock was set right: back to no correction.
    expect(stamper.update(estimate(30, 40))).toBe(0);
    expect(stamper.update(null)).toBe(0);
  });
});

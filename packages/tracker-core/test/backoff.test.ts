import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/index.ts';

const options = { baseMs: 1_000, maxMs: 60_000 };

describe('backoffDelay', () => {
  it('doubles with every attempt and stops at the cap', () => {
    const top = (attempt: number) => backoffDelay(attempt, options, () => 0.999_999_9);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50, 5000].map(top)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('jitters between half the step and all of it', () => {
    const delays = Array.from({ length: 200 }, (_, i) => backoffDelay(4, options, () => i / 200));
    expect(Math.min(...delays)).toBe(4_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8_000);
    expect(new Set(delays).size).toBeGreaterThan(150);
  });

  it('treats attempt 0 or less as the first', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(500);
    expect(backoffDelay(-3, options, () => 0)).toBe(500);
  });
});

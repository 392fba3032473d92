import { describe, expect, it } from 'vitest';
import { FeedClock } from '../../src/live/feed-clock.ts';

describe('FeedClock', () => {
  it('carries the last frame on at one event second per wall second at first', () => {
    const clock = new FeedClock();
    clock.observe(1_000_000, 0);
    expect(clock.now(500)).toBe(1_000_500);
    expect(clock.lastFrameWall).toBe(0);
  });

  it('measures a sped-up feed (a simulation at 5×) from the frames', () => {
    const clock = new FeedClock();
    for (let k = 0; k <= 4; k += 1) clock.observe(1_000_000 + k * 5000, k * 1000);
    expect(clock.speed).toBeCloseTo(5);
    expect(clock.now(4500)).toBeCloseTo(1_022_500);
  });

  it('never goes backwards when a frame comes in behind the estimate', () => {
    const clock = new FeedClock();
    clock.observe(1_000_000, 0);
    const before = clock.now(2000);
    clock.observe(1_001_000, 2000);
    expect(clock.now(2000)).toBe(before);
    expect(clock.now(3500)).toBe(before);
    expect(clock.now(6000)).toBeGreaterThan(before);
  });

  it('starts again from a snapshot of an earlier time', () => {
    const clock = new FeedClock();
    clock.observe(5_000_000, 0);
    clock.now(1000);
    clock.observe(1_000_000, 1000);
    expect(clock.now(1000)).toBe(1_000_000);
  });
});

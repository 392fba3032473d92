import { describe, expect, it } from 'vitest';
import { RecentSpeed } from '../../src/live/speed.ts';
import { DistanceTrail } from '../../src/live/trail.ts';

const T = 1_750_000_000_000;

describe('DistanceTrail', () => {
  it('answers when a distance was passed, bounded to about one sample per spacing', () => {
    const trail = new DistanceTrail(50);
    trail.push(T, 0);
    // 200 km at 12 m/s with a fix every second: 16,667 fixes.
    for (let s = 1; s * 12 <= 200_000; s++) trail.push(T + s * 1000, 12 * s);
    expect(trail.size).toBeLessThanOrEqual(200_000 / 50 + 2);
    expect(trail.timeAt(85_000)! - T).toBeCloseTo((85_000 / 12) * 1000, 0);
    expect(trail.timeAt(0)).toBe(T);
    expect(trail.timeAt(200_001)).toBeNull();
  });

  it('keeps the arrival and departure of a stop', () => {
    const trail = new DistanceTrail(50);
    trail.push(T, 0);
    for (let s = 1; s <= 100; s++) trail.push(T + s * 1000, 10 * s); // 1,000 m at 100 s
    for (let s = 101; s <= 400; s++) trail.push(T + s * 1000, 1000); // stopped 5 minutes
    for (let s = 401; s <= 500; s++) trail.push(T + s * 1000, 1000 + 10 * (s - 400));
    expect(trail.timeAt(1000)! - T).toBe(100_000);
    expect(trail.timeAt(1010)! - T).toBeCloseTo(401_000, 0);
    expect(trail.timeAt(995)! - T).toBeCloseTo(99_500, 0);
    expect(trail.headTime! - T).toBe(500_000);
  });

  it('keeps the start when the rider waits on the line', () => {
    const trail = new DistanceTrail(50);
    trail.push(T, 0);
    for (let s = 5; s <= 60; s += 5) trail.push(T + s * 1000, 0);
    trail.push(T + 65_000, 50);
    expect(trail.timeAt(0)).toBe(T);
    expect(trail.timeAt(25)! - T).toBeCloseTo(62_500, 0);
  });
});

describe('RecentSpeed', () => {
  it('measures distance over about the last 30 s of fixes', () => {
    const speed = new RecentSpeed(30_000);
    expect(speed.value).toBeNull();
    for (let s = 0; s <= 60; s++) speed.push(T + s * 1000, 10 * s);
    expect(speed.value).toBeCloseTo(10, 6);
    for (let s = 61; s <= 100; s++) speed.push(T + s * 1000, 600);
    expect(speed.value).toBe(0);
  });
});

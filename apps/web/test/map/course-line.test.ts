import { describe, expect, it } from 'vitest';
import { CourseLine } from '../../src/map/course-line.ts';

const line = new CourseLine(
  [
    [45, 5],
    [45, 5.01],
    [45.01, 5.01],
  ],
  2000,
);

describe('CourseLine', () => {
  it('places the start, the middle and the finish of a point-to-point course', () => {
    expect(line.at(0)).toEqual([45, 5]);
    const middle = line.at(1000)!;
    expect(middle[0]).toBeGreaterThanOrEqual(45);
    expect(middle[1]).toBeGreaterThan(5);
    // The finish line is the end of the line, not the start again.
    expect(line.at(2000)).toEqual([45.01, 5.01]);
  });

  it('wraps laps round on a circuit', () => {
    const a = line.at(500)!;
    const b = line.at(2500)!;
    expect(b[0]).toBeCloseTo(a[0], 9);
    expect(b[1]).toBeCloseTo(a[1], 9);
  });
});

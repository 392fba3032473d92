import { describe, expect, it } from 'vitest';
import { formGroups, groupSpeeds } from '../src/model/groups.ts';

describe('groups', () => {
  it('splits riders more than two seconds apart', () => {
    const distance = [1000, 995, 990, 900, 895, 500];
    const speed = [10, 10, 10, 10, 10, 10];
    expect(formGroups([5, 4, 3, 2, 1, 0], distance, speed)).toEqual([[0, 1, 2], [3, 4], [5]]);
  });

  it('holds the group pace unless a rider cannot or can ride away alone', () => {
    const distance = [100, 98.5, 97, 95.5];
    const speeds = new Map([
      [0, { solo: 10, sheltered: 11 }],
      [1, { solo: 9.8, sheltered: 10.8 }],
      [2, { solo: 8, sheltered: 9 }], // too weak: dropped
      [3, { solo: 13, sheltered: 14 }], // rides away
    ]);
    const pace = (11 + 10.8 + 9 + 14) / 4;
    const out = groupSpeeds([0, 1, 2, 3], speeds, distance);
    expect(out.get(0)).toBeCloseTo(pace, 6);
    expect(out.get(1)).toBeCloseTo(pace, 6);
    expect(out.get(2)).toBe(9);
    expect(out.get(3)).toBe(13);
  });
});

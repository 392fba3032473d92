import { CARRY_AFTER_FIX_MS, DEFAULT_LIVE_SETTINGS } from '@echelon/domain';
import { describe, expect, it } from 'vitest';
import { easeDistance, HOLD_BACK_METRES, RiderMotion, smoothstep, TAU_MS } from '../../src/live/motion.ts';
import { liveRider } from './fixtures.ts';

describe('easeDistance', () => {
  it('starts at the target when nothing was shown yet', () => {
    expect(easeDistance(undefined, 1234, 16)).toBe(1234);
  });

  it('follows a moving target exactly in steady riding', () => {
    expect(easeDistance(1000, 1000, 16)).toBe(1000);
  });

  it('glides towards a corrected target instead of jumping', () => {
    const shown = easeDistance(1000, 1100, 16);
    expect(shown).toBeGreaterThan(1000);
    expect(shown).toBeLessThan(1010);
    // After one time constant about 63 % of the error is gone.
    expect(easeDistance(1000, 1100, TAU_MS)).toBeCloseTo(1100 - 100 / Math.E, 5);
  });

  it('closes on the target over a few seconds', () => {
    let shown = 1000;
    for (let k = 0; k < 300; k += 1) shown = easeDistance(shown, 1100, 16);
    expect(shown).toBeCloseTo(1100, 0);
  });

  it('holds still on a small correction backwards rather than ride backwards', () => {
    expect(easeDistance(1000, 1000 - HOLD_BACK_METRES / 2, 16)).toBe(1000);
  });

  it('eases back, without a jump, on a large correction backwards', () => {
    const shown = easeDistance(5000, 1000, 16);
    expect(shown).toBeLessThan(5000);
    expect(shown).toBeGreaterThan(4800);
  });
});

describe('smoothstep', () => {
  it('eases from 0 to 1 and clamps', () => {
    expect(smoothstep(-1)).toBe(0);
    expect(smoothstep(0.5)).toBe(0.5);
    expect(smoothstep(2)).toBe(1);
  });
});

describe('RiderMotion', () => {
  const line = { at: (d: number): [number, number] => [d / 1000, 0] };

  it('carries a racing rider on from the last fix, capped as the server caps it (30 s), and never past the finish', () => {
    const motion = new RiderMotion();
    const rider = liveRider(0, { d: 1000, v: 36, fix: 0 });
    motion.step([rider], 5_000, 0, 20_000);
    expect(motion.distance(0)).toBe(1050);
    for (let wall = 1000; wall <= 10_000; wall += 1000) motion.step([rider], 60_000, wall, 20_000);
    // 10 m/s for at most CARRY_AFTER_FIX_MS: where the server's live order puts the rider too.
    expect(motion.distance(0)).toBeCloseTo(1000 + 10 * (CARRY_AFTER_FIX_MS / 1000), 0);
    expect(CARRY_AFTER_FIX_MS).toBe(DEFAULT_LIVE_SETTINGS.extrapolateMs);
    const nearFinish = liveRider(1, { d: 19_990, v: 36, fix: 0 });
    motion.step([rider, nearFinish], 60_000, 10_016, 20_000);
    expect(motion.distance(1)).toBe(20_000);
  });

  it('places riders along the course, and off-course riders at their fix after a glide', () => {
    const motion = new RiderMotion();
    const rider = liveRider(0, { d: 2000, v: 0, fix: 0 });
    motion.step([rider], 0, 0, 20_000);
    expect(motion.point(rider, line, 0)).toEqual([2, 0]);
    const off = { ...rider, cond: 'off_course' as const, lat: 10, lon: 10 };
    expect(motion.point(off, line, 100)).toEqual([2, 0]);
    const during = motion.point(off, line, 500)!;
    expect(during[0]).toBeGreaterThan(2);
    expect(during[0]).toBeLessThan(10);
    expect(motion.point(off, line, 1000)).toEqual([10, 10]);
  });

  it('falls back to the fix when there is no course line', () => {
    const motion = new RiderMotion();
    const rider = liveRider(0, { lat: 45, lon: 5 });
    expect(motion.point(rider, null, 0)).toEqual([45, 5]);
    expect(motion.point(liveRider(1), null, 0)).toBeNull();
  });
});

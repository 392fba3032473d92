import { describe, expect, it } from 'vitest';
import { buildCourse } from '../src/model/course.ts';
import { haversine } from '../src/model/geo.ts';
import {
  BURST_SECONDS,
  DROPOUT_SECONDS,
  intervalAt,
  OUTLIER_METRES,
  phoneFixes,
} from '../src/model/phone.ts';
import { planModelRace } from '../src/model/plan-race.ts';
import { createRng } from '../src/model/prng.ts';
import type { RiderTrack } from '../src/model/race.ts';
import { referenceRider } from '../src/model/riders.ts';
import { syntheticCourse } from './support/courses.ts';

const course = buildCourse({ points: syntheticCourse(40_000), lapCount: 1 });

/** A rider at a steady 10 m/s for an hour. */
function steadyTrack(seconds = 3600): RiderTrack {
  const distance = Float64Array.from({ length: seconds + 1 }, (_, s) => Math.min(10 * s, course.length));
  return { distance, speed: new Float32Array(seconds + 1).fill(10), finishTime: null, dnfTime: seconds };
}

describe('the phone', () => {
  it('adds bounded noise: within the phone accuracy, rare outliers about 20 m off', () => {
    const rider = { ...referenceRider(4), accuracy: 6, fixInterval: 1 };
    const track = steadyTrack();
    const fixes = phoneFixes(0, track, rider, course, createRng(1), { dropouts: false, bursts: false });
    let outliers = 0;
    let sumError = 0;
    for (const fix of fixes) {
      const truth = course.positionAt(10 * (fix.t / 1000)); // the steady 10 m/s, between seconds too
      const error = haversine(truth.lat, truth.lon, fix.lat, fix.lon);
      sumError += error;
      if (error > 6.01) {
        outliers++;
        expect(error).toBeGreaterThanOrEqual(OUTLIER_METRES[0] - 0.01);
        expect(error).toBeLessThanOrEqual(OUTLIER_METRES[1] + 0.01);
      }
    }
    expect(outliers).toBeGreaterThan(0);
    expect(outliers / fixes.length).toBeLessThan(0.02);
    expect(sumError / fixes.length).toBeGreaterThan(2);
    expect(fixes.every((f) => f.accuracy === 6)).toBe(true);
  });

  it('sends a fix every 1 to 10 s on its own phase, slower as the battery drains', () => {
    const plan = planModelRace(course, 30, 5, { dropouts: false, bursts: false, abandon: false });
    const phases = new Set<number>();
    let slowed = 0;
    plan.profiles.forEach((profile, i) => {
      expect(profile.fixInterval).toBeGreaterThanOrEqual(1);
      expect(profile.fixInterval).toBeLessThanOrEqual(10);
      if (profile.clock !== null) return; // its stamps are off: see the drifting clocks
      const mine = plan.fixes.filter((f) => f.rider === i);
      phases.add(mine[0]!.t % 1000);
      const allowed = [90, 40, 10].map((battery) => intervalAt(profile.fixInterval, battery));
      let previous = 0;
      for (let k = 1; k < mine.length; k++) {
        const step = Math.round((mine[k]!.t - mine[k - 1]!.t) / 100) / 10;
        expect(allowed).toContain(step);
        expect(step).toBeGreaterThanOrEqual(previous); // the battery only drains
        previous = step;
        if (step > profile.fixInterval) slowed++;
      }
    });
    expect(phases.size).toBeGreaterThan(20); // not every phone on the whole second
    expect(intervalAt(4, 90)).toBe(4);
    expect(intervalAt(4, 40)).toBe(6);
    expect(intervalAt(4, 10)).toBe(8);
    expect(intervalAt(8, 10)).toBe(10);
    expect(slowed).toBeGreaterThan(0);
  });

  it('gives a few phones a clock that is off and drifts, by at most a second or two', () => {
    const plan = planModelRace(course, 200, 3, { dropouts: false, bursts: false, noise: false });
    const drifting = plan.profiles.filter((p) => p.clock !== null);
    expect(drifting.length).toBeGreaterThan(3);
    expect(drifting.length).toBeLessThan(40);
    for (const f of plan.fixes) expect(f.sendT).toBeGreaterThanOrEqual(f.t);
  });

  it('falls silent for 10 s to 10 min and buffers offline bursts sent late in any order', () => {
    const plan = planModelRace(course, 40, 11);
    let silences = 0;
    let bursts = 0;
    let outOfOrder = false;
    plan.profiles.forEach((_profile, i) => {
      const mine = plan.fixes.filter((f) => f.rider === i);
      const taken = mine.map((f) => f.t).sort((a, b) => a - b);
      for (let k = 1; k < taken.length; k++) {
        const gap = (taken[k]! - taken[k - 1]!) / 1000 - 10;
        if (gap >= DROPOUT_SECONDS[0]) {
          silences++;
          expect(gap).toBeLessThanOrEqual(2 * DROPOUT_SECONDS[1] + 5); // two spells may touch
        }
      }
      const late = mine.filter((f) => f.sendT > f.t);
      if (late.length > 0) bursts++;
      for (const f of late) expect(f.sendT - f.t).toBeLessThanOrEqual(BURST_SECONDS[1] * 1000);
      for (let k = 1; k < mine.length; k++) if (mine[k]!.t < mine[k - 1]!.t) outOfOrder = true;
    });
    expect(silences).toBeGreaterThan(0);
    expect(bursts).toBeGreaterThan(0);
    expect(outOfOrder).toBe(true);
    // Sending order is by sendT.
    for (let k = 1; k < plan.fixes.length; k++) {
      expect(plan.fixes[k]!.sendT).toBeGreaterThanOrEqual(plan.fixes[k - 1]!.sendT);
    }
  });
});

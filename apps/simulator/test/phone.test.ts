import { describe, expect, it } from 'vitest';
import { buildCourse } from '../src/model/course.ts';
import { haversine } from '../src/model/geo.ts';
import { BURST_SECONDS, DROPOUT_SECONDS, OUTLIER_METRES, phoneFixes } from '../src/model/phone.ts';
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
      const truth = course.positionAt(track.distance[fix.t / 1000]!);
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

  it('sends a fix every 1 to 5 s, on whole seconds', () => {
    const plan = planModelRace(course, 30, 5, { dropouts: false, bursts: false, abandon: false });
    plan.profiles.forEach((profile, i) => {
      expect(profile.fixInterval).toBeGreaterThanOrEqual(1);
      expect(profile.fixInterval).toBeLessThanOrEqual(5);
      const times = plan.fixes.filter((f) => f.rider === i).map((f) => f.t);
      for (let k = 1; k < times.length; k++)
        expect(times[k]! - times[k - 1]!).toBe(profile.fixInterval * 1000);
      expect(times.every((t) => t % 1000 === 0)).toBe(true);
    });
  });

  it('falls silent for 30–120 s and buffers offline bursts sent late in any order', () => {
    const plan = planModelRace(course, 40, 11);
    let silences = 0;
    let bursts = 0;
    let outOfOrder = false;
    plan.profiles.forEach((profile, i) => {
      const mine = plan.fixes.filter((f) => f.rider === i);
      const taken = mine.map((f) => f.t).sort((a, b) => a - b);
      for (let k = 1; k < taken.length; k++) {
        const gap = (taken[k]! - taken[k - 1]!) / 1000 - profile.fixInterval;
        if (gap >= DROPOUT_SECONDS[0] - 5) {
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

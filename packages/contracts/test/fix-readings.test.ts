import { describe, expect, it } from 'vitest';
import { FIX_LIMITS, FixReadings, fixReadingsProblem, readingsInRange } from '../src/ingest.ts';

const good = {
  time: Date.UTC(2026, 5, 1),
  lat: 45.1,
  lon: 6.2,
  accuracy: 5,
  speed: 9,
  altitude: 900,
  heading: 90,
  battery: 80,
};

/** Each reading at its edges, just past them, and in the forms a broken tracker sends. */
const variants: Record<keyof typeof good, unknown[]> = {
  time: [
    FIX_LIMITS.minTimeMs,
    FIX_LIMITS.minTimeMs - 1,
    FIX_LIMITS.maxTimeMs,
    FIX_LIMITS.maxTimeMs + 1,
    good.time + 0.5,
    '2026-06-01T00:00:00Z',
    null,
    undefined,
    Number.NaN,
  ],
  lat: [-90, 90, 90.000001, -90.1, Number.NaN, Number.POSITIVE_INFINITY, '45', null, undefined],
  lon: [-180, 180, 180.5, Number.NEGATIVE_INFINITY, true],
  accuracy: [0, -0.1, FIX_LIMITS.maxAccuracyM, FIX_LIMITS.maxAccuracyM + 1, null, undefined, Number.NaN, '5'],
  speed: [0, FIX_LIMITS.maxSpeedMps, FIX_LIMITS.maxSpeedMps + 0.01, -1, 1e39, null],
  altitude: [
    FIX_LIMITS.minAltitudeM,
    FIX_LIMITS.minAltitudeM - 1,
    FIX_LIMITS.maxAltitudeM,
    FIX_LIMITS.maxAltitudeM + 1,
    null,
  ],
  heading: [0, 360, 360.1, -0.5, Number.POSITIVE_INFINITY, undefined],
  battery: [0, 100, 100.5, -1, 7.7e-149, null],
};

describe('readingsInRange (the fast path of fixReadingsProblem)', () => {
  it('agrees with FixReadings on every edge of every reading', () => {
    let cases = 0;
    for (const [field, values] of Object.entries(variants)) {
      for (const value of values) {
        const fix = { ...good, [field]: value };
        expect(readingsInRange(fix), `${field} = ${String(value)}`).toBe(FixReadings.safeParse(fix).success);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(50);
  });

  it('refuses what is not an object, and a good fix has no problem', () => {
    for (const value of [null, undefined, 1, 'fix', []]) expect(readingsInRange(value)).toBe(false);
    expect(fixReadingsProblem(good)).toBeNull();
    expect(fixReadingsProblem({ ...good, speed: 1e39 })).toBe('speed: must be between 0 and 150 m/s');
  });
});

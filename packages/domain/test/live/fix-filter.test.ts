import { describe, expect, it } from 'vitest';
import {
  DuplicateFilter,
  haversineDistance,
  JumpFilter,
  type PositionAt,
  validateFix,
} from '../../src/live/fix-filter.ts';
import { epochMs } from '../../src/units.ts';

const NOW = epochMs(Date.UTC(2024, 6, 2, 12, 0, 0));
const OPTIONS = { maxFutureMs: 30_000, maxAccuracy: 200 };
const fix = (over: Partial<{ time: number; lat: number; lon: number; accuracy: number | null }> = {}) => ({
  time: NOW - 1000,
  lat: 45.1,
  lon: 6.4,
  accuracy: 5,
  ...over,
});

describe('validateFix', () => {
  it('accepts a plain fix, with or without accuracy', () => {
    expect(validateFix(fix(), NOW, OPTIONS)).toBeNull();
    expect(validateFix(fix({ accuracy: null }), NOW, OPTIONS)).toBeNull();
    expect(validateFix({ time: NOW, lat: -33.9, lon: 151.2 }, NOW, OPTIONS)).toBeNull();
    // Up to the limits, inclusive.
    expect(
      validateFix(fix({ time: NOW + 30_000, accuracy: 200, lat: 90, lon: -180 }), NOW, OPTIONS),
    ).toBeNull();
    // One coordinate 0 is a real place (the equator, the Greenwich meridian).
    expect(validateFix(fix({ lat: 0 }), NOW, OPTIONS)).toBeNull();
    expect(validateFix(fix({ lon: 0 }), NOW, OPTIONS)).toBeNull();
  });

  it('says what is wrong with the position', () => {
    expect(validateFix(fix({ lat: 123 }), NOW, OPTIONS)).toBe('latitude 123 is out of range (-90 to 90)');
    expect(validateFix(fix({ lat: -90.5 }), NOW, OPTIONS)).toBe('latitude -90.5 is out of range (-90 to 90)');
    expect(validateFix(fix({ lon: 181 }), NOW, OPTIONS)).toBe('longitude 181 is out of range (-180 to 180)');
    expect(validateFix(fix({ lon: Number.POSITIVE_INFINITY }), NOW, OPTIONS)).toBe(
      'longitude Infinity is out of range (-180 to 180)',
    );
    expect(validateFix(fix({ lat: Number.NaN }), NOW, OPTIONS)).toBe('latitude is not a number');
    expect(validateFix(fix({ lon: Number.NaN }), NOW, OPTIONS)).toBe('longitude is not a number');
    expect(validateFix(fix({ lat: 0, lon: 0 }), NOW, OPTIONS)).toBe('position 0,0 is not a real fix');
  });

  it('says how far off the clock the timestamp is', () => {
    expect(validateFix(fix({ time: NOW + 45_000 }), NOW, OPTIONS)).toBe(
      'timestamp is 45 s ahead of the server clock (at most 30 s allowed)',
    );
    expect(validateFix(fix({ time: NOW + 3 * 3600_000 + 5 * 60_000 }), NOW, OPTIONS)).toBe(
      'timestamp is 3 h 5 min ahead of the server clock (at most 30 s allowed)',
    );
    expect(validateFix(fix({ time: Number.NaN }), NOW, OPTIONS)).toBe('timestamp is not a valid time');
    // Old fixes pass unless a maximum age is set.
    const old = fix({ time: NOW - 26 * 3600_000 });
    expect(validateFix(old, NOW, OPTIONS)).toBeNull();
    expect(validateFix(old, NOW, { ...OPTIONS, maxAgeMs: 3600_000 })).toBe(
      'timestamp is 26 h old (at most 60 min accepted)',
    );
    expect(validateFix(fix({ time: NOW - 3 * 86400_000 }), NOW, { ...OPTIONS, maxAgeMs: 600_000 })).toBe(
      'timestamp is 3 d old (at most 10 min accepted)',
    );
  });

  it('says when the accuracy is too poor or not an accuracy', () => {
    expect(validateFix(fix({ accuracy: 350 }), NOW, OPTIONS)).toBe('accuracy 350 m is worse than 200 m');
    expect(validateFix(fix({ accuracy: 200.04 }), NOW, OPTIONS)).toBe('accuracy 200 m is worse than 200 m');
    expect(validateFix(fix({ accuracy: -3 }), NOW, OPTIONS)).toBe('accuracy -3 is not a distance in metres');
    expect(validateFix(fix({ accuracy: Number.NaN }), NOW, OPTIONS)).toBe(
      'accuracy NaN is not a distance in metres',
    );
  });
});

describe('haversineDistance', () => {
  it('measures a degree of longitude on the equator on the mean sphere', () => {
    expect(haversineDistance(0, 10, 0, 11)).toBeCloseTo((6371008.8 * Math.PI) / 180, 3);
    expect(haversineDistance(45, 6, 45, 6)).toBe(0);
  });
});

/** A position `north` metres north and `east` metres east of (45, 6), `seconds` into the race. */
const METRES_PER_DEG_LAT = (6371008.8 * Math.PI) / 180;
function at(seconds: number, north: number, east = 0): PositionAt {
  return {
    time: epochMs(NOW + seconds * 1000),
    lat: 45 + north / METRES_PER_DEG_LAT,
    lon: 6 + east / (METRES_PER_DEG_LAT * Math.cos((45 * Math.PI) / 180)),
  };
}

describe('JumpFilter', () => {
  it('rejects a jump of 1 km in 1 s and keeps judging from the last accepted fix', () => {
    const filter = new JumpFilter({ maxSpeed: 40 });
    expect(filter.accept(at(0, 0))).toBe(true);
    expect(filter.accept(at(1, 10))).toBe(true);
    expect(filter.accept(at(2, 1010))).toBe(false); // 1 km in 1 s
    expect(filter.last).toEqual(at(1, 10));
    // Back on track: 20 m in 2 s from the last accepted fix.
    expect(filter.accept(at(3, 30))).toBe(true);
    expect(filter.last).toEqual(at(3, 30));
  });

  it('judges the speed against the time elapsed: 39 m/s passes, 41 m/s does not', () => {
    const filter = new JumpFilter({ maxSpeed: 40 });
    filter.accept(at(0, 0));
    expect(filter.accept(at(10, 0, 390))).toBe(true);
    expect(filter.accept(at(20, 0, 800))).toBe(false);
    // 20 s after the last accepted fix the same place is 20.5 m/s away.
    expect(filter.accept(at(30, 0, 800))).toBe(true);
  });

  it('does not judge fixes that are not newer than the last accepted one', () => {
    const filter = new JumpFilter({ maxSpeed: 40 });
    filter.accept(at(10, 0));
    expect(filter.accept(at(10, 5000))).toBe(true);
    expect(filter.accept(at(5, 5000))).toBe(true);
    expect(filter.last).toEqual(at(10, 0));
  });

  it('moves on after 3 consistent fixes far from the last accepted one', () => {
    const filter = new JumpFilter({ maxSpeed: 25 });
    filter.accept(at(0, 0));
    // The rider abandons and is driven 5 km away; fixes resume, consistent with each other.
    expect(filter.accept(at(60, 5000))).toBe(false);
    expect(filter.accept(at(61, 5020))).toBe(false);
    expect(filter.accept(at(62, 5040))).toBe(true);
    expect(filter.last).toEqual(at(62, 5040));
    expect(filter.accept(at(63, 5060))).toBe(true);
  });

  it('does not move on for impossible fixes that disagree with each other', () => {
    const filter = new JumpFilter({ maxSpeed: 25 });
    filter.accept(at(0, 0));
    expect(filter.accept(at(1, 5000))).toBe(false);
    expect(filter.accept(at(2, -5000))).toBe(false); // 10 km from the previous rejected one: run restarts
    expect(filter.accept(at(3, 5000))).toBe(false);
    expect(filter.accept(at(4, 5010))).toBe(false); // run of 2
    expect(filter.accept(at(5, 40))).toBe(true); // the real rider, 40 m in 5 s
    // The run was broken by the accepted fix: the glitch needs 3 consistent fixes again.
    expect(filter.accept(at(6, 5030))).toBe(false);
    expect(filter.accept(at(7, 5040))).toBe(false);
    expect(filter.last).toEqual(at(5, 40));
  });

  it('honours recoverAfter and rejects nonsense options', () => {
    const filter = new JumpFilter({ maxSpeed: 25, recoverAfter: 1 });
    filter.accept(at(0, 0));
    expect(filter.accept(at(1, 5000))).toBe(true);
    expect(() => new JumpFilter({ maxSpeed: 0 })).toThrow(/maxSpeed/);
    expect(() => new JumpFilter({ maxSpeed: 25, recoverAfter: 0 })).toThrow(/recoverAfter/);
    filter.reset();
    expect(filter.last).toBeNull();
    expect(filter.accept(at(2, 90_000))).toBe(true);
  });
});

describe('DuplicateFilter', () => {
  it('lets a (rider, time) pair through once', () => {
    const filter = new DuplicateFilter();
    expect(filter.accept('r1', 1000)).toBe(true);
    expect(filter.accept('r1', 1000)).toBe(false);
    expect(filter.accept('r2', 1000)).toBe(true);
    expect(filter.accept('r1', 2000)).toBe(true);
    expect(filter.accept('r1', 1000)).toBe(false);
    filter.forget('r1');
    expect(filter.accept('r1', 1000)).toBe(true);
    expect(filter.accept('r2', 1000)).toBe(false);
    filter.clear();
    expect(filter.accept('r2', 1000)).toBe(true);
  });

  it('remembers only the most recent timestamps of each rider', () => {
    const filter = new DuplicateFilter({ perRider: 3 });
    for (const t of [1, 2, 3]) expect(filter.accept('r', t)).toBe(true);
    expect(filter.accept('r', 4)).toBe(true); // forgets 1
    expect(filter.accept('r', 2)).toBe(false);
    expect(filter.accept('r', 4)).toBe(false);
    expect(filter.accept('r', 1)).toBe(true); // forgotten: let through, forgets 2
    expect(filter.accept('r', 2)).toBe(true);
    expect(filter.accept('r', 3)).toBe(true);
    expect(filter.accept('r', 1)).toBe(false);
    expect(() => new DuplicateFilter({ perRider: 0 })).toThrow(/perRider/);
  });
});

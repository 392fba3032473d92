import { describe, expect, it } from 'vitest';
import { CourseGeometryError, normaliseCourse, type RawTrack } from '../../src/index.ts';
import { E, equatorLine, equatorMetres, seededRandom, track, waypoint } from './helpers.ts';

/** A closed rectangle near Annecy, ~1 km × 1 km, climbing 50 m on the first side and descending on the third. */
function squareLoop(): RawTrack {
  const corners: Array<[number, number, number]> = [
    [45, 6, 400],
    [45, 6.0127, 450],
    [45.009, 6.0127, 450],
    [45.009, 6, 400],
    [45.0001, 6, 400], // ends 11 m short of the start, as recorded laps do
  ];
  const pts: Array<[number, number, number]> = [];
  for (let c = 0; c + 1 < corners.length; c++) {
    const [lat0, lon0, e0] = corners[c]!;
    const [lat1, lon1, e1] = corners[c + 1]!;
    for (let i = 0; i < 100; i++) {
      const t = i / 100;
      pts.push([lat0 + t * (lat1 - lat0), lon0 + t * (lon1 - lon0), e0 + t * (e1 - e0)]);
    }
  }
  pts.push(corners.at(-1)!);
  return track(pts);
}

describe('normaliseCourse: distances', () => {
  it('measures a straight line along the equator to the millimetre', () => {
    const course = normaliseCourse(equatorLine(0.01, 51));
    expect(course.lapLength).toBeCloseTo(equatorMetres(0.01), 3);
    expect(course.length).toBe(course.lapLength);
    expect(course.points).toHaveLength(51);
    expect(course.points[25]!.distance).toBeCloseTo(equatorMetres(0.005), 3);
    expect(course.isCircuit).toBe(false);
    expect(course.hasElevation).toBe(false);
    expect(course.climbing).toBe(0);
    expect(course.profile).toEqual([]);
    expect(course.bbox).toEqual({ minLat: 0, minLon: E, maxLat: 0, maxLon: E + 0.01 });
  });

  it('uses ellipsoidal geodesics, not a sphere: a degree of latitude is longer near the pole', () => {
    const atEquator = normaliseCourse(
      track([
        [0, 10],
        [1, 10],
      ]),
    ).length;
    const nearPole = normaliseCourse(
      track([
        [80, 10],
        [81, 10],
      ]),
    ).length;
    expect(atEquator).toBeCloseTo(110574.4, 0);
    expect(nearPole).toBeCloseTo(111663.0, -1);
  });

  it('drops invalid points and consecutive duplicates', () => {
    const course = normaliseCourse(
      track([
        [0, E, 10],
        [0, E, 12], // duplicate
        [Number.NaN, E + 0.001],
        [91, E + 0.002], // latitude out of range
        [0, E, 11], // duplicate again, after the invalid ones
        [0, E + 0.005, 99999], // elevation out of range: position kept, elevation blanked and filled in
        [0, E + 0.005],
        [0, 0, 0], // the GPS "no fix" position (0, 0) is dropped
        [0, E + 0.01, 20],
      ]),
    );
    expect(course.points.map((p) => p.lon)).toEqual([E, E + 0.005, E + 0.01]);
    expect(course.lapLength).toBeCloseTo(equatorMetres(0.01), 3);
    expect(course.hasElevation).toBe(true);
  });

  it('rejects input with fewer than 2 distinct points with a message the uploader can act on', () => {
    const cases: RawTrack[] = [
      track([]),
      track([[45, 6, 100]]),
      track([
        [45, 6],
        [45, 6],
        [45, 6],
      ]),
      track([
        [Number.NaN, 6],
        [45, Number.POSITIVE_INFINITY],
      ]),
    ];
    for (const raw of cases) {
      expect(() => normaliseCourse(raw)).toThrow(CourseGeometryError);
      expect(() => normaliseCourse(raw)).toThrow(/fewer than 2 distinct points/);
    }
  });
});

describe('normaliseCourse: circuits and laps', () => {
  it('recognises a loop whose end is near its start as a circuit', () => {
    const course = normaliseCourse(squareLoop());
    expect(course.isCircuit).toBe(true);
    expect(course.lapLength).toBeGreaterThan(3950);
    expect(course.lapLength).toBeLessThan(4050);
    expect(course.climbing).toBeGreaterThanOrEqual(47);
    expect(course.climbing).toBeLessThanOrEqual(50);
    expect(course.descent).toBe(course.climbing);
  });

  it('multiplies length and climbing by the lap count, closing the lap onto its start', () => {
    const oneLap = normaliseCourse(squareLoop());
    const threeLaps = normaliseCourse(squareLoop(), { lapCount: 3 });
    const gap = 0.0001 * 111131.7; // the end lies 0.0001° of latitude south of the start
    expect(threeLaps.lapCount).toBe(3);
    expect(threeLaps.lapLength).toBeCloseTo(oneLap.lapLength + gap, 0);
    expect(threeLaps.length).toBeCloseTo(3 * threeLaps.lapLength, 6);
    expect(threeLaps.climbing).toBeGreaterThanOrEqual(3 * oneLap.climbing - 1);
    expect(threeLaps.climbing).toBeLessThanOrEqual(3 * oneLap.climbing + 1);
    expect(threeLaps.points.at(-1)).toMatchObject({ lat: 45, lon: 6 });
    // One lap is stored, not three.
    expect(threeLaps.points).toHaveLength(oneLap.points.length + 1);
  });

  it('treats an out-and-back as a circuit and measures both legs', () => {
    const raw = track([
      [0, E],
      [0, E + 0.005],
      [0, E + 0.01],
      [0, E + 0.005],
      [0, E + 0.0001],
    ]);
    const course = normaliseCourse(raw);
    expect(course.lapLength).toBeCloseTo(equatorMetres(0.0199), 3);
    expect(course.isCircuit).toBe(true);
  });

  it('does not call a point-to-point stage or a tiny track a circuit', () => {
    expect(normaliseCourse(equatorLine(0.01, 11)).isCircuit).toBe(false);
    const tiny = track([
      [0, E],
      [0, E + 0.001],
      [0.001, E + 0.001],
      [0, E + 0.0001],
    ]);
    expect(normaliseCourse(tiny).isCircuit).toBe(false);
  });

  it('refuses several laps of a course that is not a circuit, and silly lap counts', () => {
    expect(() => normaliseCourse(equatorLine(0.01, 11), { lapCount: 2 })).toThrow(
      /must be a circuit.*1113 m from its start/,
    );
    for (const lapCount of [0, -1, 1.5, Number.NaN, 10_000]) {
      expect(() => normaliseCourse(squareLoop(), { lapCount })).toThrow(CourseGeometryError);
    }
  });
});

describe('normaliseCourse: elevation', () => {
  const FLAT_KM = 0.09; // ≈ 10 km of equator
  const noisy = (seed: number, amplitude: number) => {
    const random = seededRandom(seed);
    return () => Math.round(amplitude * (2 * random() - 1));
  };

  it('does not turn elevation noise on a flat road into climbing', () => {
    const jitter = noisy(1, 2);
    const raw = equatorLine(FLAT_KM, 2001, () => 100 + jitter());
    let rawSum = 0;
    raw.points.forEach((p, i) => {
      if (i > 0) rawSum += Math.max(0, p.ele! - raw.points[i - 1]!.ele!);
    });
    expect(rawSum).toBeGreaterThan(1000); // what naive summing would report
    const course = normaliseCourse(raw);
    expect(course.climbing).toBeLessThan(10);
    expect(course.descent).toBeLessThan(10);
  });

  it('keeps a real climb through the noise', () => {
    const jitter = noisy(2, 2);
    // 100 m up over the first 5 km, then flat.
    const raw = equatorLine(FLAT_KM, 2001, (i) => Math.min(i, 1000) / 10 + jitter());
    const course = normaliseCourse(raw);
    expect(course.climbing).toBeGreaterThanOrEqual(95);
    expect(course.climbing).toBeLessThanOrEqual(108);
    expect(course.maxEle! - course.minEle!).toBeGreaterThan(95);
  });

  it('gives the same climbing whatever the point spacing', () => {
    const profile = (x: number) => 50 * Math.sin((x / FLAT_KM) * 4 * Math.PI) + 200; // two 100 m hills
    const even = normaliseCourse(equatorLine(FLAT_KM, 1001, (_i, x) => profile(x)));
    const random = seededRandom(3);
    const xs = [0];
    while (xs.at(-1)! < FLAT_KM) xs.push(Math.min(FLAT_KM, xs.at(-1)! + random() * 0.0005)); // 0–55 m gaps
    const uneven = normaliseCourse(track(xs.map((x) => [0, E + x, profile(x)])));
    expect(even.climbing).toBeGreaterThan(190);
    expect(even.climbing).toBeLessThanOrEqual(200);
    expect(Math.abs(uneven.climbing - even.climbing)).toBeLessThanOrEqual(3);
  });

  it('fills elevation gaps and treats an all-zero profile as missing', () => {
    const gappy = normaliseCourse(
      track([
        [0, E, 100],
        [0, E + 0.001, null],
        [0, E + 0.002, 120],
      ]),
    );
    expect(gappy.hasElevation).toBe(true);
    expect(gappy.points.every((p) => p.ele !== null)).toBe(true);

    const zeros = normaliseCourse(equatorLine(0.01, 11, () => 0));
    expect(zeros.hasElevation).toBe(false);
    expect(zeros.points.every((p) => p.ele === null)).toBe(true);
    expect(zeros.minEle).toBeNull();
  });
});

describe('normaliseCourse: display views', () => {
  it('simplifies a straight line to its two ends and keeps the first and last points', () => {
    const course = normaliseCourse(equatorLine(0.05, 500, () => 10));
    expect(course.simplified).toEqual([
      [0, E],
      [0, E + 0.05],
    ]);
  });

  it('keeps bends larger than the tolerance', () => {
    const course = normaliseCourse(squareLoop());
    expect(course.simplified.length).toBeGreaterThanOrEqual(5);
    expect(course.simplified.length).toBeLessThan(12);
    expect(course.simplified[0]).toEqual([45, 6]);
    expect(course.simplified.at(-1)).toEqual([45.0001, 6]);
  });

  it('downsamples the profile to at most 1000 evenly spaced samples covering the whole lap', () => {
    const course = normaliseCourse(equatorLine(0.5, 5000, (i) => i / 10));
    expect(course.profile).toHaveLength(1000);
    expect(course.profile[0]).toEqual([0, 0]);
    expect(course.profile.at(-1)![0]).toBeCloseTo(course.lapLength, 0);
    expect(course.profile.at(-1)![1]).toBeCloseTo(499.9, 0);
    const steps = course.profile.slice(1).map(([d], i) => d - course.profile[i]![0]);
    expect(Math.max(...steps) - Math.min(...steps)).toBeLessThan(0.2);
  });
});

describe('normaliseCourse: suggested checkpoints', () => {
  it('snaps waypoints onto the course, classifies them and sorts them by distance', () => {
    const raw = equatorLine(0.1, 101, (i) => i);
    raw.waypoints = [
      waypoint(0.001, E + 0.08, 'Col de Test', { description: 'Col de Test - 3,1 km à 6 % - Catégorie 2' }),
      waypoint(-0.0005, E + 0.02, 'Ravitaillement'),
      waypoint(0, E + 0.05, 'Sprint intermédiaire'),
      waypoint(0.0002, E + 0.065, 'Pointage'),
    ];
    const [feed, sprint, timing, climb] = normaliseCourse(raw).suggestedCheckpoints;
    expect(feed).toMatchObject({ kind: 'feed_zone', name: 'Ravitaillement', climbCategory: null, lat: 0 });
    expect(feed!.distance).toBeCloseTo(equatorMetres(0.02), 0);
    expect(feed!.offset).toBeCloseTo(55.3, 0);
    expect(sprint).toMatchObject({ kind: 'sprint' });
    expect(sprint!.offset).toBeCloseTo(0, 6);
    expect(timing).toMatchObject({ kind: 'timing', name: 'Pointage' });
    expect(climb).toMatchObject({ kind: 'climb', name: 'Col de Test', climbCategory: '2' });
    expect(climb!.distance).toBeCloseTo(equatorMetres(0.08), 0);
    expect(climb!.offset).toBeCloseTo(110.6, 0);
  });

  it('leaves navigation cues out of the suggestions', () => {
    const raw = equatorLine(0.1, 11);
    raw.waypoints = [
      waypoint(0, E + 0.03, 'Turn left onto D12', { type: 'Left' }),
      waypoint(0, E + 0.04, 'KOM'),
    ];
    expect(normaliseCourse(raw).suggestedCheckpoints.map((c) => c.name)).toEqual(['KOM']);
  });
});
